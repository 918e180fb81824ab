import FHIR
import Foundation
import MonitoringStore

/// A small clinic for the browser test and the screenshots, sent by hubs as hubs send it: two weeks
/// of weights and blood pressures, a yellow weight gain today, a red one, a patient with green
/// readings only, a contact request, individual thresholds, a group and a heartbeat. Made up.
enum StaffPagesScenario {
    static let message = "Kom ihåg att väga dig varje morgon före frukost, efter toalettbesöket."

    static func load(into harness: StoreHarness, now: Date = Date()) async throws {
        let token = try await harness.addHub("hub-0001", patients: ["pat-0001", "pat-0002", "pat-0003"])
        _ = try await harness.addHub("hub-0007", patients: ["pat-0004"])
        try await harness.store.addPatient(id: "pat-0001", groups: ["hjartsvikt"])
        try await harness.store.addPatient(id: "pat-0002", groups: ["hjartsvikt", "mottagning-nord"])
        try await harness.store.addPatient(id: "pat-0004", groups: ["mottagning-nord"])

        func day(_ days: Int, hour: Double = 7) -> Date {
            now.addingTimeInterval(-Double(days) * 86_400 - (10 - hour) * 3_600)
        }
        var readings: [[FHIRBundle.Entry]] = []
        // pat-0001: stable around 82 kg, then +2.3 kg over 3 days: yellow (W1) this morning.
        let weights = [82.1, 82.4, 82.0, 82.2, 81.9, 82.3, 82.1, 82.0, 82.4, 82.2, 82.3, 83.1, 83.9]
        for (index, kg) in weights.enumerated() {
            readings.append(try Readings.weight(patient: "pat-0001", serial: index, at: day(weights.count - index), colour: .green, kg: kg))
        }
        readings.append(try Readings.weight(
            patient: "pat-0001", serial: 99, at: day(0), colour: .yellow, kg: 84.6,
            text: "Viktökning 2,3 kg på 3 dygn (82,3 → 84,6 kg), gräns 2 kg."))
        for index in 0..<13 {
            readings.append(try Readings.bloodPressure(
                patient: "pat-0001", serial: index, at: day(13 - index, hour: 7.2),
                systolic: 118 + (index * 7) % 17, diastolic: 72 + (index * 5) % 9, pulse: 64 + (index * 3) % 11))
        }
        // pat-0002: red (W2) yesterday evening. pat-0003: green readings only.
        readings.append(try Readings.weight(
            patient: "pat-0002", serial: 1, at: day(1, hour: 20), colour: .red, kg: 91.4,
            text: "Viktökning 2,1 kg på 1 dygn (89,3 → 91,4 kg), gräns 1,5 kg."))
        for index in 0..<3 {
            readings.append(try Readings.weight(patient: "pat-0003", serial: index, at: day(index), colour: .green, kg: 70.2))
        }
        let answer = try await harness.post(try Readings.bundle(readings), token: token)
        guard answer.status == 200 else { throw StoreTestError("the scenario's Bundle: \(answer.status) \(answer.body.prefix(300))") }

        let contact = ContactRequest(hubID: "hub-0001", patientID: "pat-0002", requestedAt: now.addingTimeInterval(-1_800), text: "Ring mig")
        _ = try await harness.post(try FHIRJSON.encode(contact.bundle()), token: token)
        let beat = HubHeartbeat(hubID: "B8-27-EB-FF-FE-12-34-56", sentAt: now, softwareVersion: "carehubd 1.0", backlog: 0,
                                lastReadingAt: day(0), devices: [
            DeviceStatus(bluetoothAddress: "D8:0B:CB:11:22:33", patientID: "pat-0001", lastContact: day(0), batteryLevel: 64, clockOffsetSeconds: 2),
            DeviceStatus(bluetoothAddress: "C4:7C:8D:6A:12:34", patientID: "pat-0001", lastContact: day(0, hour: 7.2), batteryLevel: 15,
                         clockOffsetSeconds: -95),
        ])
        _ = try await harness.post(try FHIRJSON.encode(try beat.bundle()), token: token)

        _ = try await harness.store.setThresholds(
            patient: "pat-0001", values: ["weight.target_kg": FHIRDecimal(text: "82"), "sbp.high_yellow": FHIRDecimal(text: "140")],
            by: "dr.lind", reason: "Torrvikt 82 kg efter vårdtillfälle; något högre blodtryck accepteras.", at: now.addingTimeInterval(-5 * 86_400))
        _ = try await harness.store.postMessage(
            audience: .patient("pat-0001"), text: "Hej! Vi ringer dig i morgon förmiddag om vikten.", author: "sjukskoterska.sara",
            sender: nil, at: now.addingTimeInterval(-86_400))
    }
}
