import FHIR
import Foundation
import Hummingbird
import Logging
import MonitoringStore
import StorePages
import Triage

/// The clinic's pages: login, sessions, CSRF, and the worklist, patient, thresholds, messages and
/// fleet pages rendered by `StorePages` from the storage's read models (`StaffPageModels`).
struct StaffRoutes: Sendable {
    static let cookieName = "carehub_session"
    /// Days of trends on the patient page.
    static let trendDays = 14
    let storage: any MonitoringStorage
    let configuration: StoreServerConfiguration
    let logger: Logger

    var paths: PagePaths { PagePaths() }

    func register(on router: Router<BasicRequestContext>) {
        let login = StaffLogin(storage: storage, configuration: configuration, logger: logger)
        router.get("login") { request, _ in try await login.page(request) }
        router.post("login") { request, _ in try await login.submit(request) }
        router.post("logout") { request, _ in
            try await withForm(request) { staff, _ in
                try await storage.deleteSession(id: staff.session.id)
                return StaffResponse.redirect(paths.login, cookies: staff.cookies + [
                    "\(Self.cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict\(configuration.secureCookies ? "; Secure" : "")",
                ])
            }
        }
        router.get("/") { request, _ in
            try await withSession(request) { staff in
                let items = try await storage.worklist(limit: 500)
                return staff.page(StaffPages.worklist(StaffPageModels.worklist(items), context: staff.context))
            }
        }
        router.post("worklist/acknowledge") { request, _ in
            try await withForm(request) { staff, form in
                let acknowledgement: AcknowledgeForm
                do throws(FormErrors) {
                    acknowledgement = try AcknowledgeForm(form)
                } catch {
                    let text = error.errors.map { $0.message(staff.language) }.joined(separator: " ")
                    return staff.page(StaffPages.plain(title: StaffProblem.badForm.title(staff.language), text: text, context: staff.context),
                                      status: .badRequest)
                }
                let done = try await storage.acknowledge(item: acknowledgement.item, by: staff.session.username,
                                                         note: acknowledgement.note ?? "", at: Date())
                guard done else { return staff.problem(.alreadyAcknowledged, status: .conflict) }
                return staff.redirect(paths.worklist, notice: .acknowledged)
            }
        }
        router.get("patients/:id") { request, context in
            try await withSession(request) { staff in
                let id = context.parameters.get("id") ?? ""
                guard try await storage.patientExists(id) else { return staff.problem(.unknownPatient, status: .notFound) }
                let now = Date()
                let overview = try await storage.patientOverview(
                    patient: id, since: now.addingTimeInterval(-Double(Self.trendDays) * 86_400), policy: configuration.fleet, now: now)
                return staff.page(StaffPages.patient(StaffPageModels.patient(overview, days: Self.trendDays), context: staff.context))
            }
        }
        router.get("patients/:id/thresholds") { request, context in
            try await withSession(request) { staff in
                let id = context.parameters.get("id") ?? ""
                guard try await storage.patientExists(id) else { return staff.problem(.unknownPatient, status: .notFound) }
                return staff.page(StaffPages.thresholds(try await thresholdsPage(id), context: staff.context))
            }
        }
        router.post("patients/:id/thresholds") { request, context in
            try await withForm(request) { staff, form in
                let id = context.parameters.get("id") ?? ""
                guard try await storage.patientExists(id) else { return staff.problem(.unknownPatient, status: .notFound) }
                return try await saveThresholds(id, form: form, staff: staff)
            }
        }
        router.get("messages") { request, _ in
            try await withSession(request) { staff in
                staff.page(StaffPages.messages(try await messagesPage(), context: staff.context))
            }
        }
        router.post("messages") { request, _ in
            try await withForm(request) { staff, form in try await sendMessage(form, staff: staff) }
        }
        router.get("fleet") { request, _ in
            try await withSession(request) { staff in
                let health = try await storage.fleetHealth(policy: configuration.fleet, now: Date())
                return staff.page(StaffPages.fleet(StaffPageModels.fleet(health, policy: configuration.fleet), context: staff.context))
            }
        }
    }

    // MARK: forms

    private func thresholdsPage(_ id: String, errors: FormErrors? = nil, entered: [String: String] = [:]) async throws -> ThresholdsPage {
        StaffPageModels.thresholds(
            patient: id, set: try await storage.thresholds(patient: id), history: try await storage.thresholdHistory(patient: id, limit: 50),
            errors: errors, entered: entered)
    }

    /// The whole set, checked with Triage's table (`ThresholdsForm`), recorded with who, when and why;
    /// hubs get it as the `Basic` of docs/STORE-API.md.
    private func saveThresholds(_ id: String, form: FormFields, staff: StaffVisit) async throws -> Response {
        let thresholds: ThresholdsForm
        do throws(FormErrors) {
            thresholds = try ThresholdsForm(form)
        } catch {
            let page = try await thresholdsPage(id, errors: error, entered: form.entered)
            return staff.page(StaffPages.thresholds(page, context: staff.context), status: .badRequest)
        }
        // The set is the patient's whole set: parameters no longer given go back to the default.
        var change: [String: FHIRDecimal?] = [:]
        for (name, value) in thresholds.overrides {
            guard let decimal = FHIRDecimal(value) else { continue }
            change[name.rawValue] = .some(decimal)
        }
        for old in try await storage.thresholds(patient: id)?.thresholds ?? [] where change[old.name] == nil {
            change[old.name] = .some(nil)
        }
        _ = try await storage.setThresholds(patient: id, values: change, by: staff.session.username, reason: thresholds.reason, at: Date())
        logger.info("thresholds changed", metadata: ["user": "\(staff.session.username)"])
        return staff.redirect(paths.patient(id), notice: .thresholdsSaved)
    }

    private func messagesPage(errors: FormErrors? = nil, entered: [String: String] = [:]) async throws -> MessagePage {
        StaffPageModels.messages(groups: try await storage.groups(), sent: try await storage.recentMessages(limit: 50),
                                 errors: errors, entered: entered)
    }

    /// To a patient, a group of the store's, or everyone (administrators only).
    private func sendMessage(_ form: FormFields, staff: StaffVisit) async throws -> Response {
        let groups = try await storage.groups()
        let message: MessageForm
        do throws(FormErrors) {
            message = try MessageForm(form, groups: Set(groups.map(\.name)))
        } catch {
            let page = try await messagesPage(errors: error, entered: form.entered)
            return staff.page(StaffPages.messages(page, context: staff.context), status: .badRequest)
        }
        switch message.audience {
        case .patient(let id):
            guard try await storage.patientExists(id) else {
                let page = try await messagesPage(errors: FormErrors([FieldError(.patient, .notFound)]), entered: form.entered)
                return staff.page(StaffPages.messages(page, context: staff.context), status: .badRequest)
            }
        case .all:
            guard staff.session.role == .admin else {
                logger.notice("message to everyone refused: not an administrator", metadata: ["user": "\(staff.session.username)"])
                var context = staff.context
                context.notice = StaffProblem.adminOnly.text(staff.language)
                let page = try await messagesPage(entered: form.entered)
                return staff.page(StaffPages.messages(page, context: context), status: .forbidden)
            }
        case .group:
            break
        }
        _ = try await storage.postMessage(audience: StaffPageModels.audience(message.audience), text: message.text,
                                          author: staff.session.username, sender: nil, at: Date())
        return staff.redirect(paths.messages, notice: .messageSent)
    }

    // MARK: sessions

    private func session(_ request: Request) async throws -> StaffSession? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty, id.count <= 128 else { return nil }
        return try await storage.session(id: id, now: Date())
    }

    /// A page for a logged-in member of staff; the login page otherwise.
    private func withSession(_ request: Request, _ body: (StaffVisit) async throws -> Response) async throws -> Response {
        let visit = StaffRequest(request, secureCookies: configuration.secureCookies)
        guard let session = try await session(request) else { return StaffResponse.redirect(paths.login, cookies: visit.cookies) }
        return try await body(StaffVisit(session: session, request: visit, configuration: configuration, shown: request))
    }

    /// A POSTed form of a logged-in member of staff, its CSRF token checked before anything else.
    private func withForm(_ request: Request, _ body: (StaffVisit, FormFields) async throws -> Response) async throws -> Response {
        let visit = StaffRequest(request, secureCookies: configuration.secureCookies)
        guard let session = try await session(request) else { return StaffResponse.redirect(paths.login, cookies: visit.cookies) }
        let staff = StaffVisit(session: session, request: visit, configuration: configuration, shown: nil)
        let form: FormFields
        do throws(FormBodyProblem) {
            form = try await request.formFields()
        } catch {
            return staff.problem(error.problem, status: error.status)
        }
        guard let token = form.csrfToken, constantTimeEqual(token, session.csrfToken) else {
            logger.warning("staff form refused: CSRF token missing or wrong", metadata: ["user": "\(session.username)"])
            return staff.problem(.formExpired, status: .forbidden)
        }
        return try await body(staff, form)
    }
}

/// One request of a logged-in member of staff: the session, the page context and the answers.
struct StaffVisit {
    let session: StaffSession
    let language: Language
    let context: PageContext
    let cookies: [String]

    init(session: StaffSession, request: StaffRequest, configuration: StoreServerConfiguration, shown page: Request?) {
        self.session = session
        language = request.language
        cookies = request.cookies
        // `?notice=` after a saved form (post/redirect/get): only the known notices, in the page language.
        let shown = page?.uri.queryParameters.get("notice").flatMap(StaffNotice.init(rawValue:))
        context = PageContext(
            language: request.language, csrfToken: session.csrfToken,
            staff: StaffMember(username: session.username, role: session.role == .admin ? .admin : .nurse),
            timeZone: configuration.timeZone, now: Date(), notice: shown?.text(request.language))
    }

    func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        StaffResponse.page(html, status: status, cookies: cookies)
    }

    func problem(_ problem: StaffProblem, status: HTTPResponse.Status) -> Response {
        page(StaffPages.problem(problem, context: context), status: status)
    }

    func redirect(_ path: String, notice: StaffNotice) -> Response {
        StaffResponse.redirect("\(path)?notice=\(notice.rawValue)", cookies: cookies)
    }
}
