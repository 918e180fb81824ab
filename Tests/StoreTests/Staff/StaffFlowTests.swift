import FHIR
import Foundation
import MonitoringStore
import Testing

/// What staff do, over real HTTP with a logged-in browser's cookies: the worklist, acknowledging,
/// thresholds (and the hub seeing them), messages, the patient page and fleet health; on SQLite and PostgreSQL.
@Suite("Staff pages", .serialized)
struct StaffFlowTests {
    static let basicPath = "/fhir/Basic?subject=Patient/pat-1&code=\(CareHubURI.basicCode)%7Cpatient-thresholds"

    @Test("the worklist shows yellow and red with value, rule, reason and threshold, never green; acknowledging removes an item", arguments: Backend.allCases)
    func worklist(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1", "pat-2", "pat-3"])
        let now = Date()
        let body = try Readings.bundle([
            try Readings.weight(patient: "pat-1", serial: 1, at: now.addingTimeInterval(-7200), colour: .yellow),
            try Readings.weight(patient: "pat-2", serial: 1, at: now.addingTimeInterval(-3600), colour: .red),
            try Readings.weight(patient: "pat-3", serial: 1, at: now.addingTimeInterval(-600), colour: .green),
        ])
        #expect(try await harness.post(body, token: token).status == 200)
        let contact = ContactRequest(hubID: "hub-1", patientID: "pat-3", requestedAt: now, text: "Ring mig")
        #expect(try await harness.post(try FHIRJSON.encode(contact.bundle()), token: token).status == 200)

        let browser = try await StaffClient.loggedIn(harness)
        let page = try await browser.get("/")
        #expect(page.status == 200)
        let rows = page.body.components(separatedBy: #"<tr class="item item-"#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(rows == ["red", "yellow"], "most severe first; the green reading is not there")
        #expect(!page.body.contains("item-green"))
        #expect(!page.body.contains("/patients/pat-3\"><span class=\"muted\">(pat-3)</span></a></td><td><span class=\"kind\""), "no reading row for the green patient")
        #expect(page.body.contains("Gul <span class=\"priority\">· normal prioritet</span>"))
        #expect(page.body.contains(#"<span class="value">84,6 kg</span>"#), "the value, in Swedish")
        #expect(page.body.contains("W1 Viktökning på 3 dygn"), "the rule that fired")
        #expect(page.body.contains("+2.3 kg in 3 days (82.3 -&gt; 84.6 kg)"), "the hub's reason")
        #expect(page.body.contains("Viktökning på 3 dygn: 2 kg") || page.body.contains(": 2 kg <span class=\"muted\">(standard)</span>"),
                "the threshold the rule used")
        #expect(page.body.contains(#"<tr class="contact-request">"#), "the contact request")
        let red = try #require(page.body.range(of: #"<tr class="item item-red""#).map { String(page.body[$0.lowerBound...].prefix(2000)) })
        #expect(red.contains("W2") && red.contains("1,5 kg <span class=\"muted\">(individuell)</span>"), "the fired rule's own threshold: \(red)")

        // Acknowledge the yellow one with a note: who and when are recorded.
        let yellow = try #require(try await harness.store.worklist(limit: 10).first { $0.colour == "yellow" })
        let done = try await browser.submit("/worklist/acknowledge", [("item", yellow.id), ("note", "Ringt, mår bra")])
        #expect(done.status == 303)
        #expect(done.headers["location"] == "/?notice=acknowledged")
        #expect(try await browser.get("/?notice=acknowledged").body.contains("Kvitterat."))
        #expect(try await harness.store.worklist(limit: 10).contains { $0.id == yellow.id } == false)
        let again = try await browser.submit("/worklist/acknowledge", [("item", yellow.id)])
        #expect(again.status == 409)
        let tooLong = try await browser.submit("/worklist/acknowledge", [("item", yellow.id), ("note", String(repeating: "x", count: 1001))])
        #expect(tooLong.status == 400)
        await harness.stop()
    }

    @Test("thresholds: a valid set is recorded (who, when, why) and the hub's Basic carries it; an invalid one is shown again with every error and what was typed", arguments: Backend.allCases)
    func thresholds(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let browser = try await StaffClient.loggedIn(harness)
        let form = try await browser.get("/patients/pat-1/thresholds")
        #expect(form.status == 200)
        #expect(form.body.contains(#"name="weight.gain_3d_kg""#))

        let bad = try await browser.submit("/patients/pat-1/thresholds", [
            ("weight.gain_3d_kg", "två"), ("hr.high_red", "500"), ("sbp.low_yellow", "120"), ("reason", ""),
        ], from: "/patients/pat-1/thresholds")
        #expect(bad.status == 400)
        #expect(bad.body.contains(#"role="alert""#))
        #expect(bad.body.contains("skriv ett tal"), "not a number")
        #expect(bad.body.contains("måste vara mellan"), "out of range")
        #expect(bad.body.contains("Orsak: måste fyllas i."), "the reason is required")
        #expect(bad.body.contains(#"value="två""#) && bad.body.contains(#"value="500""#) && bad.body.contains(#"value="120""#), "what was typed")
        #expect(try await harness.store.thresholds(patient: "pat-1") == nil)

        let order = try await browser.submit("/patients/pat-1/thresholds", [
            ("sbp.low_yellow", "150"), ("sbp.high_yellow", "140"), ("reason", "test"),
        ], from: "/patients/pat-1/thresholds")
        #expect(order.status == 400, "Triage's orderings are checked")
        #expect(order.body.contains(#"value="150""#))

        let good = try await browser.submit("/patients/pat-1/thresholds", [
            ("weight.gain_3d_kg", "1,5"), ("sbp.low_yellow", "95"), ("reason", "Dialys, torrvikt sänkt"),
        ], from: "/patients/pat-1/thresholds")
        #expect(good.status == 303)
        #expect(good.headers["location"] == "/patients/pat-1?notice=thresholds-saved")
        let set = try #require(try await harness.store.thresholds(patient: "pat-1"))
        #expect(Dictionary(uniqueKeysWithValues: set.thresholds.map { ($0.name, $0.value.text) }) == ["weight.gain_3d_kg": "1.5", "sbp.low_yellow": "95.0"]
                || Dictionary(uniqueKeysWithValues: set.thresholds.map { ($0.name, $0.value.doubleValue) }) == ["weight.gain_3d_kg": 1.5, "sbp.low_yellow": 95])
        #expect(set.thresholds.allSatisfy { $0.changedBy == "anna" && $0.reason == "Dialys, torrvikt sänkt" })

        // The hub sees exactly that set, as today (docs/STORE-API.md).
        let answer = try await harness.get(Self.basicPath, token: token)
        guard case .basic(let basic)? = try answer.bundle().entry?.first?.resource else { Issue.record("no Basic: \(answer.body)"); return }
        let served = try PatientThresholds(basic)
        #expect(Dictionary(uniqueKeysWithValues: served.thresholds.map { ($0.name, $0.value.doubleValue) }) == ["weight.gain_3d_kg": 1.5, "sbp.low_yellow": 95])
        #expect(served.thresholds.allSatisfy { $0.changedBy == "anna" })
        #expect(served.version == set.version)

        // A blank field goes back to the default: the whole set is replaced.
        #expect(try await browser.submit("/patients/pat-1/thresholds", [("weight.gain_3d_kg", "1,8"), ("reason", "Justerat")],
                                         from: "/patients/pat-1/thresholds").status == 303)
        let after = try await harness.get(Self.basicPath, token: token)
        guard case .basic(let second)? = try after.bundle().entry?.first?.resource else { Issue.record("no Basic"); return }
        #expect(try PatientThresholds(second).thresholds.map(\.name) == ["weight.gain_3d_kg"])
        let history = try await browser.get("/patients/pat-1/thresholds")
        #expect(history.body.contains("Justerat") && history.body.contains("Dialys, torrvikt sänkt"), "the history says why")
        #expect(history.body.contains(#"value="1,8""#), "the form shows the current value")
        await harness.stop()
    }

    @Test("messages to a patient and a group; to everyone only by an administrator; errors keep what was typed", arguments: Backend.allCases)
    func messages(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        try await harness.store.addPatient(id: "pat-1", groups: ["hjartsvikt"])
        try await harness.store.addPatient(id: "pat-2", groups: ["mottagning-nord"])
        let nurse = try await StaffClient.loggedIn(harness)
        let page = try await nurse.get("/messages")
        #expect(page.body.contains(#"<option value="hjartsvikt">hjartsvikt (1 patienter)</option>"#), "the store's groups")

        #expect(try await nurse.submit("/messages", [("audience", "patient"), ("patient", "pat-1"), ("text", "Hej Anna")], from: "/messages").status == 303)
        #expect(try await nurse.submit("/messages", [("audience", "group"), ("group", "mottagning-nord"), ("text", "Stängt fredag")],
                                       from: "/messages").status == 303)
        let all = try await nurse.submit("/messages", [("audience", "all"), ("text", "Till alla från sjuksköterska")], from: "/messages")
        #expect(all.status == 403)
        #expect(all.body.contains("Till alla från sjuksköterska"), "the text is kept")
        let unknownGroup = try await nurse.submit("/messages", [("audience", "group"), ("group", "nope"), ("text", "X")], from: "/messages")
        #expect(unknownGroup.status == 400)
        let unknownPatient = try await nurse.submit("/messages", [("audience", "patient"), ("patient", "pat-9"), ("text", "Hej du")], from: "/messages")
        #expect(unknownPatient.status == 400)
        #expect(unknownPatient.body.contains("Patientens id: finns inte.") && unknownPatient.body.contains("Hej du"))
        let empty = try await nurse.submit("/messages", [("audience", "patient"), ("patient", "pat-1"), ("text", "  ")], from: "/messages")
        #expect(empty.status == 400)

        let admin = try await StaffClient.loggedIn(harness, as: "admin", role: .admin)
        #expect(try await admin.submit("/messages", [("audience", "all"), ("text", "Till alla")], from: "/messages").status == 303)

        #expect(try await harness.store.messages(forPatient: "pat-1", after: nil).map(\.text) == ["Hej Anna", "Till alla"])
        #expect(try await harness.store.messages(forPatient: "pat-2", after: nil).map(\.text) == ["Stängt fredag", "Till alla"])
        let sent = try await nurse.get("/messages?notice=message-sent")
        #expect(sent.body.contains("Meddelandet är skickat."))
        #expect(sent.body.contains("Stängt fredag") && sent.body.contains(">anna<"), "the sent list with the author")
        await harness.stop()
    }

    @Test("the patient page: weight, blood pressure and pulse trends with the thresholds drawn, messages, devices with last contact", arguments: Backend.allCases)
    func patient(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        try await harness.store.addPatient(id: "pat-1", groups: ["hjartsvikt"])
        let now = Date()
        var readings: [[FHIRBundle.Entry]] = []
        for day in 0..<5 {
            let at = now.addingTimeInterval(-Double(day) * 86_400 - 3600)
            readings.append(try Readings.weight(patient: "pat-1", serial: day, at: at, colour: day == 0 ? .yellow : .green))
            readings.append(try Readings.bloodPressure(patient: "pat-1", serial: day, at: at.addingTimeInterval(300)))
        }
        #expect(try await harness.post(try Readings.bundle(readings), token: token).status == 200)
        _ = try await harness.store.setThresholds(patient: "pat-1", values: ["weight.target_kg": FHIRDecimal(text: "82")], by: "doktor",
                                                  reason: "torrvikt", at: now)
        let browser = try await StaffClient.loggedIn(harness)
        #expect(try await browser.submit("/messages", [("audience", "group"), ("group", "hjartsvikt"), ("text", "Väg dig varje morgon")],
                                         from: "/messages").status == 303)
        let page = try await browser.get("/patients/pat-1")
        #expect(page.status == 200)
        for chart in ["weight", "bp", "pulse"] { #expect(page.body.contains("<figure aria-labelledby=\"caption-\(chart)\""), "\(chart) chart") }
        #expect(page.body.components(separatedBy: "<svg").count - 1 == 3)
        #expect(page.body.contains("Målvikt"), "the patient's target weight is drawn")
        #expect(page.body.contains("Röd ≥180"), "the systolic red line")
        #expect(page.body.contains("84,6"), "the weights are plotted")
        #expect(page.body.contains("Väg dig varje morgon") && page.body.contains("(anna)"), "recent messages with the author")
        #expect(page.body.contains("Example Scales AB WS-20BT") && page.body.contains("Example Medical Co. BP-100BT"), "the devices by model")
        #expect(try await browser.get("/patients/pat-9").status == 404)
        await harness.stop()
    }

    @Test("fleet health: silent hubs, low battery, clocks off", arguments: Backend.allCases)
    func fleet(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        _ = try await harness.addHub("hub-silent", patients: ["pat-2"])
        let beat = HubHeartbeat(hubID: "B8-27-EB-FF-FE-12-34-56", sentAt: Date(), softwareVersion: "carehubd 1.0", backlog: 0, lastReadingAt: nil, devices: [
            DeviceStatus(bluetoothAddress: "D8:0B:CB:11:22:33", patientID: "pat-1", lastContact: Date(), batteryLevel: 15, clockOffsetSeconds: 2),
            DeviceStatus(bluetoothAddress: "C4:7C:8D:6A:12:34", patientID: "pat-1", lastContact: Date(), batteryLevel: 80, clockOffsetSeconds: -600),
        ])
        #expect(try await harness.post(try FHIRJSON.encode(try beat.bundle()), token: token).status == 200)
        let browser = try await StaffClient.loggedIn(harness)
        let page = try await browser.get("/fleet")
        #expect(page.status == 200)
        #expect(page.body.components(separatedBy: #"<tr class="fleet-issue">"#).count - 1 == 3)
        #expect(page.body.contains("hub-silent") && page.body.contains("(pat-2)"))
        #expect(page.body.contains("15 %"), "low battery")
        #expect(page.body.contains("-600"), "the clock offset")
        await harness.stop()
    }
}
