import FHIR
import Foundation
import Hummingbird
import Logging
import MonitoringStore
import NIOCore

/// Staff login, sessions, CSRF and the clinic's pages (HTML from a ``StaffPageRenderer``).
struct StaffRoutes: Sendable {
    static let cookieName = "carehub_session"
    let storage: any MonitoringStorage
    let configuration: StoreServerConfiguration
    let pages: any StaffPageRenderer
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.get("login") { _, _ in html(pages.login(error: nil)) }
        router.post("login") { request, _ in try await login(request) }
        router.post("logout") { request, _ in
            try await withForm(request) { session, _ in
                try await storage.deleteSession(id: session.id)
                return redirect("/login", cookie: "\(Self.cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
            }
        }
        router.get("/") { request, _ in
            try await withSession(request) { session in
                html(pages.worklist(try await storage.worklist(limit: 500), session: session))
            }
        }
        router.get("patients/:id") { request, context in
            try await withSession(request) { session in
                let id = context.parameters.get("id") ?? ""
                guard try await storage.patientExists(id) else { return html(pages.message("Okänd patient / unknown patient", session: session), status: .notFound) }
                let overview = try await storage.patientOverview(patient: id, since: Date().addingTimeInterval(-90 * 86400))
                return html(pages.patient(overview, session: session))
            }
        }
        router.post("patients/:id/thresholds") { request, context in
            try await withForm(request) { session, form in
                let id = context.parameters.get("id") ?? ""
                guard try await storage.patientExists(id) else { return html(pages.message("Okänd patient / unknown patient", session: session), status: .notFound) }
                guard let reason = form["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
                    return html(pages.message("Ange varför / a reason is required", session: session), status: .badRequest)
                }
                guard let values = Self.thresholdLines(form["thresholds"] ?? "") else {
                    return html(pages.message("Skriv en gräns per rad: namn=värde / one name=value per line", session: session), status: .badRequest)
                }
                // The set is the patient's whole set: names no longer listed go back to the default.
                var change: [String: FHIRDecimal?] = values.mapValues { Optional($0) }
                for old in try await storage.thresholds(patient: id)?.thresholds ?? [] where values[old.name] == nil {
                    change[old.name] = .some(nil)
                }
                _ = try await storage.setThresholds(patient: id, values: change, by: session.username, reason: reason, at: Date())
                return redirect("/patients/\(id)")
            }
        }
        router.post("messages") { request, _ in
            try await withForm(request) { session, form in
                guard let text = form["text"]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                    return html(pages.message("Meddelandet är tomt / the message is empty", session: session), status: .badRequest)
                }
                let target = form["target"]?.trimmingCharacters(in: .whitespaces) ?? ""
                let audience: MessageAudience
                switch form["audience"] {
                case "patient" where !target.isEmpty:
                    guard try await storage.patientExists(target) else {
                        return html(pages.message("Okänd patient / unknown patient", session: session), status: .badRequest)
                    }
                    audience = .patient(target)
                case "group" where !target.isEmpty: audience = .group(target)
                case "all":
                    guard session.role == .admin else { return html(pages.message("Endast administratör / admin only", session: session), status: .forbidden) }
                    audience = .all
                default:
                    return html(pages.message("Välj mottagare / choose the recipients", session: session), status: .badRequest)
                }
                _ = try await storage.postMessage(audience: audience, text: text, author: session.username,
                                                  sender: form["sender"].flatMap { $0.isEmpty ? nil : $0 }, at: Date())
                if case .patient(let id) = audience { return redirect("/patients/\(id)") }
                return redirect("/")
            }
        }
        router.post("worklist/:id/acknowledge") { request, context in
            try await withForm(request) { session, form in
                let done = try await storage.acknowledge(item: context.parameters.get("id") ?? "", by: session.username,
                                                         note: form["note"] ?? "", at: Date())
                return done ? redirect("/") : html(pages.message("Redan kvitterad / already acknowledged", session: session), status: .conflict)
            }
        }
        router.get("fleet") { request, _ in
            try await withSession(request) { session in
                html(pages.fleet(try await storage.fleetHealth(policy: configuration.fleet, now: Date()), policy: configuration.fleet, session: session))
            }
        }
    }

    // MARK: sessions and forms

    private func login(_ request: Request) async throws -> Response {
        guard let body = try? await request.body.collect(upTo: 16 << 10) else { return html(pages.login(error: "För stor / too large"), status: .contentTooLarge) }
        let form = FormData(String(buffer: body))
        let username = form["username"] ?? ""
        let password = form["password"] ?? ""
        guard let user = try await storage.staff(username: username), StaffPassword.verify(password, hash: user.passwordHash) else {
            logger.notice("staff login refused")
            return html(pages.login(error: "Fel användarnamn eller lösenord / wrong user name or password"), status: .unauthorized)
        }
        let now = Date()
        let session = StaffSession(id: RandomToken.make(bytes: 32), username: user.username, role: user.role,
                                   csrfToken: RandomToken.make(bytes: 32), expires: now.addingTimeInterval(configuration.sessionLifetime))
        try await storage.createSession(session, now: now)
        logger.info("staff logged in", metadata: ["user": "\(user.username)"])
        let secure = configuration.secureCookies ? "; Secure" : ""
        return redirect("/", cookie: "\(Self.cookieName)=\(session.id); Path=/; Max-Age=\(Int(configuration.sessionLifetime)); HttpOnly; SameSite=Strict\(secure)")
    }

    private func session(_ request: Request) async throws -> StaffSession? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty, id.count <= 128 else { return nil }
        return try await storage.session(id: id, now: Date())
    }

    private func withSession(_ request: Request, _ body: (StaffSession) async throws -> Response) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/login") }
        return try await body(session)
    }

    /// A POSTed form of a logged-in user, with its CSRF token checked first.
    private func withForm(_ request: Request, _ body: (StaffSession, FormData) async throws -> Response) async throws -> Response {
        guard let session = try await session(request) else { return redirect("/login") }
        guard let data = try? await request.body.collect(upTo: 64 << 10) else {
            return html(pages.message("För stort formulär / form too large", session: session), status: .contentTooLarge)
        }
        let form = FormData(String(buffer: data))
        guard let token = form["csrf"], constantTimeEqual(token, session.csrfToken) else {
            logger.warning("staff form refused: CSRF token missing or wrong", metadata: ["user": "\(session.username)"])
            return html(pages.message("Formuläret är inte giltigt, ladda om sidan / the form is not valid, reload the page", session: session), status: .forbidden)
        }
        return try await body(session, form)
    }

    /// `name=value` per line; nil when a line is not one.
    static func thresholdLines(_ text: String) -> [String: FHIRDecimal]? {
        var values: [String: FHIRDecimal] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let value = FHIRDecimal(text: parts[1]), value.doubleValue.isFinite else { return nil }
            values[parts[0]] = value
        }
        return values
    }
}

func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
             body: .init(byteBuffer: ByteBuffer(string: text)))
}

func redirect(_ location: String, cookie: String? = nil) -> Response {
    var headers: HTTPFields = [.location: location]
    if let cookie { headers[.setCookie] = cookie }
    return Response(status: .seeOther, headers: headers)
}
