import Crypto
import FHIR
import Foundation
import MonitoringStore
import Testing

/// Staff login, sessions, CSRF, language and the security headers over real HTTP, on SQLite and PostgreSQL.
@Suite("Staff login and security", .serialized)
struct StaffTests {
    @Test("pages need a session; a wrong password gets 401 and no session; the login form needs its own CSRF token", arguments: Backend.allCases)
    func login(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        #expect(try await harness.request(.GET, "/").status == 303)
        #expect(try await harness.request(.GET, "/fleet").headers["location"] == "/login")
        try await harness.store.addStaff(username: "anna", passwordHash: StaffPassword.hash(StaffClient.password, cost: 4), role: .nurse)

        let browser = StaffClient(harness)
        let wrong = try await browser.logIn("anna", "nope-nope-nope")
        #expect(wrong.status == 401)
        #expect(!wrong.setCookies.contains { $0.hasPrefix("carehub_session=") })
        #expect(wrong.body.contains("Fel användarnamn eller lösenord."))
        #expect(wrong.body.contains(#"value="anna""#), "the user name is kept")

        // Right password, but no token or another token than the cookie's: 403, no session.
        let noToken = try await browser.post("/login", [("username", "anna"), ("password", StaffClient.password)])
        #expect(noToken.status == 403)
        let otherToken = try await browser.post("/login", [("username", "anna"), ("password", StaffClient.password),
                                                           ("csrf_token", String(repeating: "a", count: 64))])
        #expect(otherToken.status == 403)
        #expect(![noToken, otherToken].contains { $0.setCookies.contains { $0.hasPrefix("carehub_session=") } })
        let blank = try await browser.submit("/login", [("username", " "), ("password", "")], from: "/login")
        #expect(blank.status == 400)
        #expect(blank.body.contains("Användarnamn: måste fyllas i."))
        #expect(blank.body.contains("Lösenord: måste fyllas i."))

        let right = try await browser.logIn("anna", StaffClient.password)
        #expect(right.status == 303)
        let session = try #require(right.setCookies.first { $0.hasPrefix("carehub_session=") })
        #expect(session.contains("HttpOnly"))
        #expect(session.contains("SameSite=Strict"))
        #expect(!session.contains("Secure"), "not configured")
        #expect(right.setCookies.contains { $0.hasPrefix("carehub_login_csrf=;") && $0.contains("Max-Age=0") })
        #expect(try await browser.get("/").status == 200)
        #expect(try await harness.request(.GET, "/", headers: [("Cookie", "carehub_session=forged")]).status == 303)

        // Logging out ends the session on the server.
        #expect(try await browser.submit("/logout", []).status == 303)
        #expect(try await browser.get("/").status == 303)
        await harness.stop()
    }

    @Test("the session cookie is Secure when configured", arguments: [Backend.sqlite])
    func secureCookie(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend, configuration: .init(port: 0, secureCookies: true))
        try await harness.store.addStaff(username: "anna", passwordHash: StaffPassword.hash(StaffClient.password, cost: 4), role: .nurse)
        // The test client speaks plain HTTP, so it sends the cookies back itself.
        let browser = StaffClient(harness)
        let answer = try await browser.logIn("anna", StaffClient.password)
        let session = try #require(answer.setCookies.first { $0.hasPrefix("carehub_session=") })
        #expect(session.contains("; Secure"))
        #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict"))
        await harness.stop()
    }

    @Test("every POST route refuses a form without the session's CSRF token (403) and changes nothing", arguments: Backend.allCases)
    func csrf(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        try await harness.store.addPatient(id: "pat-1", groups: ["hjartsvikt"])
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let reading = try Readings.weight(patient: "pat-1", serial: 1, at: Date(), colour: .red)
        #expect(try await harness.post(try Readings.bundle([reading]), token: token).status == 200)
        let item = try #require(try await harness.store.worklist(limit: 5).first)
        let browser = try await StaffClient.loggedIn(harness, role: .admin)

        let forms: [(String, [(String, String)])] = [
            ("/worklist/acknowledge", [("item", item.id), ("note", "ringt")]),
            ("/patients/pat-1/thresholds", [("weight.gain_3d_kg", "1,5"), ("reason", "efter besök")]),
            ("/messages", [("audience", "patient"), ("patient", "pat-1"), ("text", "Hej")]),
            ("/messages", [("audience", "all"), ("text", "Till alla")]),
            ("/logout", []),
        ]
        for (path, fields) in forms {
            let missing = try await browser.post(path, fields)
            #expect(missing.status == 403, "\(path) without a token")
            let wrong = try await browser.post(path, fields + [("csrf_token", String(repeating: "0", count: 64))])
            #expect(wrong.status == 403, "\(path) with a wrong token")
            #expect(wrong.body.contains("Formuläret gick inte att skicka"))
        }
        #expect(try await harness.store.worklist(limit: 5).map(\.id) == [item.id])
        #expect(try await harness.store.thresholds(patient: "pat-1") == nil)
        #expect(try await harness.store.recentMessages(limit: 5).isEmpty)
        #expect(try await browser.get("/").status == 200, "still logged in")
        await harness.stop()
    }

    @Test("every staff page carries the CSP (the inline style allowed by its hash), nosniff, no-referrer and no-store", arguments: Backend.allCases)
    func headers(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        try await harness.store.addPatient(id: "pat-1", groups: [])
        let browser = try await StaffClient.loggedIn(harness)
        for path in ["/login", "/", "/patients/pat-1", "/patients/pat-1/thresholds", "/messages", "/fleet", "/patients/nobody"] {
            let page = try await browser.get(path)
            #expect(page.status == (path == "/patients/nobody" ? 404 : 200), "\(path)")
            let csp = try #require(page.headers["content-security-policy"], "\(path)")
            #expect(csp.hasPrefix("default-src 'none'; style-src 'sha256-"))
            #expect(csp.hasSuffix("; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"))
            #expect(!csp.contains("script"))
            // The hash is the page's own stylesheet's: what a browser computes over the <style> text.
            let style = try #require(page.body.range(of: "<style>").flatMap { open in
                page.body.range(of: "</style>", range: open.upperBound..<page.body.endIndex).map { String(page.body[open.upperBound..<$0.lowerBound]) }
            })
            let hash = Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString()
            #expect(csp.contains("'sha256-\(hash)'"), "\(path)")
            #expect(!page.body.contains("<script"), "\(path)")
            #expect(!page.body.contains(" style=\""), "\(path)")
            #expect(page.headers["x-content-type-options"] == "nosniff")
            #expect(page.headers["referrer-policy"] == "no-referrer")
            #expect(page.headers["cache-control"] == "no-store")
        }
        await harness.stop()
    }

    @Test("Swedish by default; ?lang=en switches and is remembered", arguments: [Backend.sqlite])
    func language(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let browser = try await StaffClient.loggedIn(harness)
        let swedish = try await browser.get("/")
        #expect(swedish.body.contains(#"<html lang="sv">"#))
        #expect(swedish.body.contains("Arbetslista"))
        let english = try await browser.get("/?lang=en")
        #expect(english.body.contains(#"<html lang="en">"#))
        #expect(english.setCookies.contains { $0.hasPrefix("carehub_lang=en;") })
        let later = try await browser.get("/fleet")
        #expect(later.body.contains(#"<html lang="en">"#), "the choice is remembered")
        #expect(try await browser.get("/fleet?lang=sv").body.contains(#"<html lang="sv">"#))
        #expect(try await browser.get("/?lang=xx").body.contains(#"<html lang="sv">"#), "an unknown code keeps the remembered one")
        await harness.stop()
    }

    @Test("a form body over 32 KiB is 413; a malformed one 400", arguments: [Backend.sqlite])
    func bodies(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let browser = try await StaffClient.loggedIn(harness)
        let token = try StaffClient.csrf(in: try await browser.get("/messages").body)
        let large = try await browser.post("/messages", body: "csrf_token=\(token)&text=" + String(repeating: "a", count: 40_000))
        #expect(large.status == 413)
        let malformed = try await browser.post("/messages", body: "csrf_token=\(token)&text=%ZZ")
        #expect(malformed.status == 400)
        #expect(try await harness.store.recentMessages(limit: 5).isEmpty)
        await harness.stop()
    }
}
