import Foundation
import Hummingbird
import Logging
import MonitoringStore
import StorePages

/// The login form and its pre-session CSRF token.
///
/// Before there is a session the token is a double-submit cookie: `GET /login` sets
/// `carehub_login_csrf` (random, HttpOnly, SameSite=Strict, path `/login`, one hour) and puts the
/// same value in the form's `csrf_token` field; `POST /login` is refused with 403 unless the two
/// are equal. Another site can make a browser post the form but can neither read nor set the
/// cookie, so it cannot forge a login (login CSRF). Nothing is kept on the server, so any store
/// instance behind a load balancer accepts the form another one served.
struct StaffLogin: Sendable {
    static let csrfCookie = "carehub_login_csrf"
    static let csrfLifetime = 3600
    let storage: any MonitoringStorage
    let configuration: StoreServerConfiguration
    let logger: Logger

    func page(_ request: Request) async throws -> Response {
        let visit = StaffRequest(request, secureCookies: configuration.secureCookies)
        return render(LoginPage(), request: request, visit: visit, status: .ok)
    }

    func submit(_ request: Request) async throws -> Response {
        let visit = StaffRequest(request, secureCookies: configuration.secureCookies)
        let fields: FormFields
        do throws(FormBodyProblem) {
            fields = try await request.formFields()
        } catch {
            return render(LoginPage(), request: request, visit: visit, status: error.status)
        }
        guard let expected = request.cookies[Self.csrfCookie]?.value, !expected.isEmpty,
              let token = fields.csrfToken, constantTimeEqual(token, expected)
        else {
            logger.notice("staff login refused: CSRF token missing or wrong")
            let context = context(token: cookie(request) ?? "", visit: visit)
            return StaffResponse.page(StaffPages.problem(.formExpired, context: context), status: .forbidden, cookies: visit.cookies)
        }
        let form: LoginForm
        do throws(FormErrors) {
            form = try LoginForm(fields)
        } catch {
            let username = fields.value(FormField.username.name) ?? ""
            return render(LoginPage(problem: .form(error), username: username), request: request, visit: visit, status: .badRequest)
        }
        guard let user = try await storage.staff(username: form.username), StaffPassword.verify(form.password, hash: user.passwordHash) else {
            logger.notice("staff login refused")
            return render(LoginPage(problem: .invalidCredentials, username: form.username), request: request, visit: visit, status: .unauthorized)
        }
        let now = Date()
        let session = StaffSession(id: RandomToken.make(bytes: 32), username: user.username, role: user.role,
                                   csrfToken: RandomToken.make(bytes: 32), expires: now.addingTimeInterval(configuration.sessionLifetime))
        try await storage.createSession(session, now: now)
        logger.info("staff logged in", metadata: ["user": "\(user.username)"])
        let secure = configuration.secureCookies ? "; Secure" : ""
        return StaffResponse.redirect(PagePaths().worklist, cookies: visit.cookies + [
            "\(StaffRoutes.cookieName)=\(session.id); Path=/; Max-Age=\(Int(configuration.sessionLifetime)); HttpOnly; SameSite=Strict\(secure)",
            "\(Self.csrfCookie)=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict\(secure)",
        ])
    }

    /// The login page with the browser's token (kept, so two open login tabs both work) or a new one.
    private func render(_ page: LoginPage, request: Request, visit: StaffRequest, status: HTTPResponse.Status) -> Response {
        let token = cookie(request) ?? RandomToken.make(bytes: 32)
        let secure = configuration.secureCookies ? "; Secure" : ""
        let cookie = "\(Self.csrfCookie)=\(token); Path=/login; Max-Age=\(Self.csrfLifetime); HttpOnly; SameSite=Strict\(secure)"
        return StaffResponse.page(StaffPages.login(page, context: context(token: token, visit: visit)), status: status,
                                  cookies: visit.cookies + [cookie])
    }

    /// The browser's login token when it looks like one of ours (64 hex digits).
    private func cookie(_ request: Request) -> String? {
        guard let value = request.cookies[Self.csrfCookie]?.value, value.utf8.count == 64,
              value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else { return nil }
        return value
    }

    private func context(token: String, visit: StaffRequest) -> PageContext {
        PageContext(language: visit.language, csrfToken: token, staff: nil, timeZone: configuration.timeZone, now: Date())
    }
}
