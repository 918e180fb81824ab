import FHIR
import Foundation
import MonitoringStore
import Testing

/// Staff login, session cookie, CSRF and the clinic routes over real HTTP, on SQLite and PostgreSQL.
@Suite("Staff routes", .serialized)
struct StaffTests {
    static let password = "correct horse battery"

    func loggedIn(_ harness: StoreHarness, role: StaffRole = .nurse) async throws -> (cookie: String, csrf: String) {
        try await harness.store.addStaff(username: "anna", passwordHash: StaffPassword.hash(Self.password, cost: 10), role: role)
        let login = try await harness.request(.POST, "/login", body: "username=anna&password=correct+horse+battery",
                                              headers: [("Content-Type", "application/x-www-form-urlencoded")])
        #expect(login.status == 303)
        let setCookie = try #require(login.headers["set-cookie"])
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Strict"))
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await harness.request(.GET, "/", headers: [("Cookie", cookie)])
        #expect(page.status == 200)
        let marker = #"name="csrf" value=""#
        let start = try #require(page.body.range(of: marker))
        let csrf = String(page.body[start.upperBound...].prefix { $0 != "\"" })
        #expect(csrf.count == 64)
        return (cookie, csrf)
    }

    func form(_ harness: StoreHarness, _ path: String, _ fields: [(String, String)], cookie: String) async throws -> HTTPAnswer {
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await harness.request(.POST, path, body: body, headers: [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")])
    }

    @Test("pages need a session; a wrong password gets none", arguments: Backend.allCases)
    func login(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        #expect(try await harness.request(.GET, "/").status == 303)
        #expect(try await harness.request(.GET, "/fleet").status == 303)
        try await harness.store.addStaff(username: "anna", passwordHash: StaffPassword.hash(Self.password, cost: 10), role: .nurse)
        let wrong = try await harness.request(.POST, "/login", body: "username=anna&password=nope",
                                              headers: [("Content-Type", "application/x-www-form-urlencoded")])
        #expect(wrong.status == 401)
        #expect(wrong.headers["set-cookie"] == nil)
        #expect(try await harness.request(.GET, "/", headers: [("Cookie", "carehub_session=forged")]).status == 303)
        await harness.stop()
    }

    @Test("a form without the session's CSRF token is refused and changes nothing; with it, it works", arguments: Backend.allCases)
    func csrf(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        try await harness.store.addPatient(id: "pat-1", groups: ["heart-failure"])
        let (cookie, csrf) = try await loggedIn(harness)
        let message = [("audience", "patient"), ("target", "pat-1"), ("text", "Hej")]
        #expect(try await form(harness, "/messages", message, cookie: cookie).status == 403)
        #expect(try await form(harness, "/messages", message + [("csrf", String(repeating: "0", count: 64))], cookie: cookie).status == 403)
        #expect(try await harness.store.messages(forPatient: "pat-1", after: nil).isEmpty)
        #expect(try await form(harness, "/messages", message + [("csrf", csrf)], cookie: cookie).status == 303)
        #expect(try await harness.store.messages(forPatient: "pat-1", after: nil).map(\.text) == ["Hej"])
        // Everyone: administrators only.
        #expect(try await form(harness, "/messages", [("audience", "all"), ("text", "Alla"), ("csrf", csrf)], cookie: cookie).status == 403)

        let thresholds = [("thresholds", "weight.gain_3d_kg=1.5\nbp.systolic_high=170"), ("reason", "after visit")]
        #expect(try await form(harness, "/patients/pat-1/thresholds", thresholds, cookie: cookie).status == 403)
        #expect(try await harness.store.thresholds(patient: "pat-1") == nil)
        #expect(try await form(harness, "/patients/pat-1/thresholds", thresholds + [("csrf", csrf)], cookie: cookie).status == 303)
        let set = try #require(try await harness.store.thresholds(patient: "pat-1"))
        #expect(set.thresholds.map(\.name).sorted() == ["bp.systolic_high", "weight.gain_3d_kg"])
        #expect(set.thresholds.allSatisfy { $0.changedBy == "anna" && $0.reason == "after visit" })

        let page = try await harness.request(.GET, "/patients/pat-1", headers: [("Cookie", cookie)])
        #expect(page.status == 200)
        #expect(page.body.contains("weight.gain_3d_kg=1.5"))
        #expect(try await harness.request(.GET, "/fleet", headers: [("Cookie", cookie)]).status == 200)

        #expect(try await form(harness, "/logout", [("csrf", csrf)], cookie: cookie).status == 303)
        #expect(try await harness.request(.GET, "/", headers: [("Cookie", cookie)]).status == 303)
        await harness.stop()
    }

    @Test("staff acknowledge a worklist item with a note", arguments: Backend.allCases)
    func acknowledge(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let reading = try Readings.weight(patient: "pat-1", serial: 1, at: Date(timeIntervalSince1970: 1_765_000_000), colour: .red)
        #expect(try await harness.post(try Readings.bundle([reading]), token: token).status == 200)
        let (cookie, csrf) = try await loggedIn(harness)
        let page = try await harness.request(.GET, "/", headers: [("Cookie", cookie)])
        #expect(page.body.contains("+2.3 kg"))
        let item = try #require(try await harness.store.worklist(limit: 5).first)
        #expect(try await form(harness, "/worklist/\(item.id)/acknowledge", [("note", "ringt")], cookie: cookie).status == 403)
        #expect(try await form(harness, "/worklist/\(item.id)/acknowledge", [("note", "ringt"), ("csrf", csrf)], cookie: cookie).status == 303)
        #expect(try await harness.store.worklist(limit: 5).isEmpty)
        await harness.stop()
    }
}
