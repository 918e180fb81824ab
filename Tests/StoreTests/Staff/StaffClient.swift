import Foundation
import MonitoringStore
import Testing

/// A member of staff's browser over real HTTP: keeps the cookies the store sets, reads the CSRF
/// token from the pages, and posts forms as a browser does (`application/x-www-form-urlencoded`).
final class StaffClient: @unchecked Sendable {
    static let password = "correct horse battery"
    let harness: StoreHarness
    /// Cookie name → value, as a browser would keep them (path and expiry are not needed here).
    private(set) var cookies: [String: String] = [:]

    init(_ harness: StoreHarness) {
        self.harness = harness
    }

    /// Adds `username` with `role` to the store and logs in through the login form.
    static func loggedIn(_ harness: StoreHarness, as username: String = "anna", role: StaffRole = .nurse) async throws -> StaffClient {
        try await harness.store.addStaff(username: username, passwordHash: StaffPassword.hash(password, cost: 4), role: role)
        let client = StaffClient(harness)
        let login = try await client.logIn(username, password)
        #expect(login.status == 303, "login: \(login.body.prefix(300))")
        #expect(login.headers["location"] == "/")
        return client
    }

    /// GET /login for its token, then POST the form.
    func logIn(_ username: String, _ password: String) async throws -> HTTPAnswer {
        let page = try await get("/login")
        #expect(page.status == 200)
        return try await post("/login", [("username", username), ("password", password), ("csrf_token", try Self.csrf(in: page.body))])
    }

    func get(_ path: String) async throws -> HTTPAnswer {
        remember(try await harness.request(.GET, path, headers: cookieHeader()))
    }

    /// POSTs `fields` as a form body.
    func post(_ path: String, _ fields: [(String, String)]) async throws -> HTTPAnswer {
        try await post(path, body: Self.encode(fields))
    }

    func post(_ path: String, body: String) async throws -> HTTPAnswer {
        remember(try await harness.request(.POST, path, body: body,
                                           headers: cookieHeader() + [("Content-Type", "application/x-www-form-urlencoded")]))
    }

    /// POSTs `fields` with the CSRF token of the page at `from`.
    func submit(_ path: String, _ fields: [(String, String)], from page: String = "/") async throws -> HTTPAnswer {
        let token = try Self.csrf(in: try await get(page).body)
        return try await post(path, fields + [("csrf_token", token)])
    }

    /// The value of the first hidden CSRF field of a page.
    static func csrf(in html: String) throws -> String {
        let marker = #"name="csrf_token" value=""#
        let start = try #require(html.range(of: marker), "no CSRF field in \(html.prefix(300))")
        return String(html[start.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    private func cookieHeader() -> [(String, String)] {
        cookies.isEmpty ? [] : [("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))]
    }

    /// Applies the answer's `Set-Cookie`s (a `Max-Age=0` one removes the cookie).
    private func remember(_ answer: HTTPAnswer) -> HTTPAnswer {
        for line in answer.setCookies {
            let pair = line.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = pair[0].trimmingCharacters(in: .whitespaces)
            if line.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = String(pair[1]) }
        }
        return answer
    }
}
