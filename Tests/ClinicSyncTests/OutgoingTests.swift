@testable import ClinicSync
import FHIR
import Foundation
@testable import GatewayStore
import TestSupport
import Testing

@Suite("Heartbeat and contact requests")
struct OutgoingTests {
    @Test("the heartbeat, at start-up, says the backlog, the last reading, the version and each device's status")
    func heartbeatContent() async throws {
        let fixture = try ClinicFixture()
        try fixture.assign("AA:BB:CC:DD:EE:02", patient: "pat-1")
        let received = ClinicFixture.base.addingTimeInterval(120)
        let reading = NewReading(
            deviceAddress: "AA:BB:CC:DD:EE:02", userIndex: nil, patientID: "pat-1", characteristic: "2A9D", kind: .weight,
            weight: 80.5, weightUnit: "kg", raw: [0x00, 0x3A, 0x3E], deviceTime: nil, receivedAt: received, effectiveAt: received,
            phdIdentifier: "id-1", connectionID: "conn-1")
        let assessment = NewAssessment(
            colour: .green, ruleIDs: [], parametersJSON: "{}", observationsJSON: "{}", rulesetVersion: "test",
            textSV: "Bra", textEN: "Good", priority: .none, newAlert: false)
        _ = try fixture.store.commit(reading: reading, assessment: assessment, identifiersJSON: "{}")
        let port = try await fixture.server.start()
        let device = DeviceStatus(bluetoothAddress: "AA:BB:CC:DD:EE:02", patientID: "pat-1", lastContact: received,
                                  batteryLevel: 17, clockOffsetSeconds: nil)
        let (sync, client) = try fixture.sync(port: port, devices: { [device] })
        try await whileRunning(sync, client) { events in
            try await events.wait("a heartbeat") { $0.contains { if case .heartbeatSent = $0 { true } else { false } } }
        }
        let beat = try #require(await fixture.server.state.heartbeats.first)
        #expect(beat.hubID == ClinicFixture.hubID)
        #expect(beat.softwareVersion == "carehubd test")
        #expect(beat.backlog == 1)
        #expect(beat.lastReadingAt.map { abs($0.timeIntervalSince(received)) < 0.001 } == true)
        #expect(beat.devices.count == 1)
        #expect(beat.devices.first?.batteryLevel == 17)
        #expect(beat.devices.first?.patientID == "pat-1")
        #expect(beat.devices.first?.bluetoothAddress == "AA-BB-CC-DD-EE-02")
        await fixture.server.stop()
    }

    @Test("a contact request is stored first, survives a restart while the store is down, and is sent once when it is up")
    func contactRequestSurvivesRestart() async throws {
        let fixture = try ClinicFixture()
        try fixture.assign("AA:BB:CC:DD:EE:02", patient: "pat-1")
        let port = try await fixture.server.start(port: try parkedLoopbackPort())
        await fixture.server.stop()

        let (sync, client) = try fixture.sync(port: port)
        let record = try await whileRunning(sync, client) { events -> ContactRequestRecord in
            let record = try sync.requestContact(patient: "pat-1", text: "Ring mig")
            try await events.wait("two failed attempts") { events in
                events.filter { if case .contactRequestFailed(record.id, _) = $0 { true } else { false } }.count >= 2
            }
            return record
        }
        #expect(try fixture.store.unsentContactRequests().map(\.id) == [record.id])
        #expect(try fixture.store.latestContactRequest()?.attempts ?? 0 >= 2)

        try fixture.reopen()
        _ = try await fixture.server.start(port: port)
        let (again, againClient) = try fixture.sync(port: port)
        try await whileRunning(again, againClient) { events in
            try await events.wait("the request accepted") { $0.contains(.contactRequestSent(record.id)) }
            try await events.wait("more polls") { $0.successfulPolls >= 3 }
        }
        #expect(try fixture.store.unsentContactRequests().isEmpty)
        #expect(try fixture.store.latestContactRequest()?.sentAt != nil)
        let requests = await fixture.server.state.contactRequests
        #expect(requests.count == 1)
        #expect(requests.first?.patientID == "pat-1")
        #expect(requests.first?.hubID == ClinicFixture.hubID)
        #expect(requests.first?.text == "Ring mig")
        let creates = await fixture.server.state.creates
        #expect(creates.values.allSatisfy { $0 == 1 })
        await fixture.server.stop()
    }
}
