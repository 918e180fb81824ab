import FHIR
import Foundation
import MonitoringStore
import Testing

/// Searches hubs make, the worklist, messages, thresholds and the heartbeat, on SQLite and PostgreSQL.
@Suite("Clinic exchange", .serialized)
struct ClinicExchangeTests {
    let now = Date(timeIntervalSince1970: 1_765_000_000)

    @Test("a yellow weight gain shows in the worklist with its rule, reason and value; a green reading does not", arguments: Backend.allCases)
    func worklist(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1", "pat-2"])
        let body = try Readings.bundle([
            try Readings.weight(patient: "pat-1", serial: 1, at: now, colour: .yellow),
            try Readings.weight(patient: "pat-2", serial: 1, at: now, colour: .green),
            try Readings.bloodPressure(patient: "pat-2", serial: 1, at: now),
        ])
        #expect(try await harness.post(body, token: token).status == 200)
        let items = try await harness.store.worklist(limit: 10)
        #expect(items.count == 1)
        let item = try #require(items.first)
        #expect(item.patientID == "pat-1")
        #expect(item.colour == "yellow")
        #expect(item.rules == ["W1"])
        #expect(item.detail.contains("+2.3 kg"))
        #expect(item.parameters.contains { $0.hasPrefix("weight.gain_3d_kg=2.0") })
        #expect(item.values.contains { $0.contains("84.6") }, "\(item.values)")
        // Acknowledged: gone from the list, once.
        #expect(try await harness.store.acknowledge(item: item.id, by: "anna", note: "called", at: now))
        #expect(try await harness.store.acknowledge(item: item.id, by: "anna", note: "again", at: now) == false)
        #expect(try await harness.store.worklist(limit: 10).isEmpty)
        await harness.stop()
    }

    @Test("red before yellow, then oldest first; grey only when it repeats", arguments: Backend.allCases)
    func ordering(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1", "pat-2", "pat-3"])
        let readings = [
            try Readings.weight(patient: "pat-1", serial: 1, at: now.addingTimeInterval(-300), colour: .yellow),
            try Readings.weight(patient: "pat-2", serial: 1, at: now.addingTimeInterval(-100), colour: .red),
            try Readings.weight(patient: "pat-1", serial: 2, at: now.addingTimeInterval(-600), colour: .yellow),
            try Readings.weight(patient: "pat-3", serial: 1, at: now.addingTimeInterval(-50), colour: .grey),
            try Readings.weight(patient: "pat-3", serial: 2, at: now.addingTimeInterval(-40), colour: .grey),
        ]
        for reading in readings { #expect(try await harness.post(try Readings.bundle([reading]), token: token).status == 200) }
        var items = try await harness.store.worklist(limit: 10)
        #expect(items.map(\.colour) == ["red", "yellow", "yellow"])
        #expect(items[1].occurredAt < items[2].occurredAt)
        // The third grey in a row goes to staff.
        let third = try Readings.weight(patient: "pat-3", serial: 3, at: now.addingTimeInterval(-30), colour: .grey)
        #expect(try await harness.post(try Readings.bundle([third]), token: token).status == 200)
        items = try await harness.store.worklist(limit: 10)
        #expect(items.map(\.colour) == ["red", "yellow", "yellow", "grey"])
        await harness.stop()
    }

    @Test("Observation and DetectedIssue searches return the hub's patient's resources", arguments: Backend.allCases)
    func searches(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let early = now.addingTimeInterval(-2 * 86400)
        #expect(try await harness.post(try Readings.bundle([
            try Readings.weight(patient: "pat-1", serial: 1, at: early, colour: .green),
            try Readings.weight(patient: "pat-1", serial: 2, at: now, colour: .yellow),
        ]), token: token).status == 200)
        let all = try await harness.get("/fhir/Observation?patient=Patient/pat-1", token: token)
        #expect(all.status == 200)
        #expect(try all.bundle().type == "searchset")
        #expect(try all.bundle().entry?.count == 6)
        let day = FHIRInstant.text(now.addingTimeInterval(-86400))
        let recent = try await harness.get("/fhir/Observation?patient=pat-1&date=ge\(day)", token: token)
        #expect(try recent.bundle().entry?.count == 3)
        let issues = try await harness.get("/fhir/DetectedIssue?patient=pat-1", token: token)
        #expect(try issues.bundle().entry?.count == 1)
        #expect(try await harness.get("/fhir/Observation?patient=pat-1&color=red", token: token).status == 400)
        #expect(try await harness.get("/fhir/Observation", token: token).status == 400)
        #expect(try await harness.get("/fhir/Patient?name=x", token: token).status == 404)
        await harness.stop()
    }

    @Test("messages to a patient, its group and everyone reach it; another group's do not", arguments: Backend.allCases)
    func messages(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        try await harness.store.addPatient(id: "pat-1", groups: ["heart-failure"])
        try await harness.store.addPatient(id: "pat-9", groups: ["copd"])
        let base = now
        _ = try await harness.store.postMessage(audience: .patient("pat-1"), text: "Hej pat-1", author: "anna", sender: "Hjärtmottagningen", at: base)
        _ = try await harness.store.postMessage(audience: .group("heart-failure"), text: "Till hjärtsvikt", author: "anna", sender: nil, at: base.addingTimeInterval(1))
        _ = try await harness.store.postMessage(audience: .group("copd"), text: "Till KOL", author: "anna", sender: nil, at: base.addingTimeInterval(2))
        _ = try await harness.store.postMessage(audience: .all, text: "Till alla", author: "admin", sender: nil, at: base.addingTimeInterval(3))
        _ = try await harness.store.postMessage(audience: .patient("pat-9"), text: "Hej pat-9", author: "anna", sender: nil, at: base.addingTimeInterval(4))

        let category = "\(CareHubURI.communicationCategory)|clinic-message".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let path = "/fhir/Communication?recipient=Patient/pat-1&category=\(category)"
        let answer = try await harness.get(path, token: token)
        #expect(answer.status == 200, "\(answer.body)")
        let messages = try (answer.bundle().entry ?? []).compactMap { entry -> ClinicMessageContent? in
            guard case .communication(let communication)? = entry.resource else { return nil }
            return try ClinicMessageContent(communication)
        }
        #expect(messages.map(\.text) == ["Hej pat-1", "Till hjärtsvikt", "Till alla"])
        #expect(messages.first?.sender == "Hjärtmottagningen")
        let after = FHIRInstant.text(base.addingTimeInterval(1))
        let later = try await harness.get(path + "&_lastUpdated=gt\(after)", token: token)
        #expect(try later.bundle().entry?.count == 1)
        #expect(try await harness.get("/fhir/Communication?recipient=Patient/pat-9", token: token).status == 403)
        await harness.stop()
    }

    @Test("thresholds set by staff reach the hub as one Basic with a version and the audit", arguments: Backend.allCases)
    func thresholds(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let path = "/fhir/Basic?subject=Patient/pat-1&code=\(CareHubURI.basicCode)%7Cpatient-thresholds"
        #expect(try await harness.get(path, token: token).bundle().entry?.isEmpty != false)
        let v1 = try await harness.store.setThresholds(
            patient: "pat-1", values: ["weight.gain_3d_kg": FHIRDecimal(text: "1.5")], by: "anna", reason: "dialysis", at: now)
        let v2 = try await harness.store.setThresholds(
            patient: "pat-1", values: ["weight.gain_3d_kg": FHIRDecimal(text: "1.8"), "bp.systolic_high": FHIRDecimal(text: "170")],
            by: "bertil", reason: "after visit", at: now.addingTimeInterval(60))
        #expect(v2 == v1 + 1)
        let answer = try await harness.get(path, token: token)
        let entries = try answer.bundle().entry ?? []
        #expect(entries.count == 1)
        guard case .basic(let basic)? = entries.first?.resource else { Issue.record("no Basic: \(answer.body)"); return }
        let set = try PatientThresholds(basic)
        #expect(set.version == String(v2))
        #expect(Dictionary(uniqueKeysWithValues: set.thresholds.map { ($0.name, $0.value.text) }) == ["weight.gain_3d_kg": "1.8", "bp.systolic_high": "170"])
        #expect(set.thresholds.first { $0.name == "bp.systolic_high" }?.changedBy == "bertil")
        await harness.stop()
    }

    @Test("a contact request becomes a worklist item once; the heartbeat feeds fleet health", arguments: Backend.allCases)
    func contactAndHeartbeat(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let request = ContactRequest(hubID: "hub-1", patientID: "pat-1", requestedAt: now, text: "Ring mig")
        let body = try FHIRJSON.encode(request.bundle())
        #expect(try await harness.post(body, token: token).status == 200)
        let again = try await harness.post(body, token: token)
        #expect(try again.bundle().entry?.first?.response?.statusCode == 200)
        let items = try await harness.store.worklist(limit: 10)
        #expect(items.map(\.kind) == [.contactRequest])
        #expect(items.first?.detail == "Ring mig")

        let beat = HubHeartbeat(hubID: "B8-27-EB-FF-FE-12-34-56", sentAt: Date(), softwareVersion: "carehubd 1.0", backlog: 2, lastReadingAt: nil, devices: [
            DeviceStatus(bluetoothAddress: "D8:0B:CB:11:22:33", patientID: "pat-1", lastContact: Date(), batteryLevel: 15, clockOffsetSeconds: 2),
            DeviceStatus(bluetoothAddress: "C4:7C:8D:6A:12:34", patientID: "pat-1", lastContact: Date(), batteryLevel: 80, clockOffsetSeconds: -600),
        ])
        let first = try await harness.post(try FHIRJSON.encode(try beat.bundle()), token: token)
        #expect(first.status == 200, "\(first.body)")
        #expect(try first.bundle().entry?.allSatisfy { $0.response?.statusCode == 201 } == true)
        let second = try await harness.post(try FHIRJSON.encode(try beat.bundle()), token: token)
        #expect(try second.bundle().entry?.allSatisfy { $0.response?.statusCode == 200 } == true)
        _ = try await harness.addHub("hub-silent", patients: ["pat-2"])
        let fleet = try await harness.store.fleetHealth(policy: FleetPolicy(), now: Date())
        let visit = fleet.needsVisit
        #expect(visit.hubs.map(\.hubID) == ["hub-silent"])
        #expect(Set(visit.devices.map(\.address)) == ["D8-0B-CB-11-22-33", "C4-7C-8D-6A-12-34"])
        #expect(visit.devices.first { $0.address == "D8-0B-CB-11-22-33" }?.problems == ["battery-low"])
        #expect(visit.devices.first { $0.address == "C4-7C-8D-6A-12-34" }?.problems == ["clock-off"])
        await harness.stop()
    }
}
