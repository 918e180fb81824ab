import Foundation
import Testing
@testable import GatewayStore

@Suite("Clinic sync state (migration v4-clinic-sync)")
struct ClinicSyncStoreTests {
    static let at = Date(timeIntervalSince1970: 1_796_000_000)

    @Test("clinic messages are stored once by remote id, with sender and sent time; the cursor moves in the same transaction")
    func messagesOnceWithCursor() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let message = IncomingMessage(remoteID: "c-1", scope: .group("hjartsvikt"), text: "Hej", sender: "Anna", sentAt: Self.at)
        #expect(try store.receiveClinicMessages([message], patient: "p-1", newestUpdated: "2026-12-07T10:00:00.000Z", receivedAt: Self.at) == 1)
        #expect(try store.receiveClinicMessages([message], patient: "p-1", newestUpdated: "2026-12-07T10:00:01.000Z", receivedAt: Self.at) == 0)
        let stored = try store.messages(limit: 10)
        #expect(stored.count == 1)
        #expect(stored.first?.sender == "Anna")
        #expect(stored.first?.sentAt == Self.at)
        #expect(stored.first?.scope == .group("hjartsvikt"))
        #expect(try store.clinicCursor(patient: "p-1").messagesUpdated == "2026-12-07T10:00:01.000Z")
        #expect(try store.clinicCursor(patient: "p-2") == ClinicCursor(messagesUpdated: nil, thresholdsVersion: nil))
        // addMessage (the older entry point) sees the same remote id.
        let id = try store.addMessage(remoteID: "c-1", scope: .all, text: "other", receivedAt: Self.at)
        #expect(id == stored.first?.id)
    }

    @Test("a threshold set becomes exactly the overrides, audited with the clinic's who/when/why, once per version")
    func thresholdSetExactlyOncePerVersion() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        try store.setThreshold(patient: "p-1", parameter: "sbp.high_yellow", value: 150, changedBy: "tech", reason: "install", at: Self.at)
        try store.setThreshold(patient: "p-1", parameter: "weight.gain_3d_kg", value: 1.5, changedBy: "tech", reason: "install", at: Self.at)
        let set = [
            ClinicThreshold(parameter: "weight.gain_3d_kg", value: 1.5, changedBy: "Eva", changedAt: Self.at, reason: "same"),
            ClinicThreshold(parameter: "weight.target_kg", value: 78, changedBy: "Eva", changedAt: Self.at.addingTimeInterval(60), reason: "new target"),
        ]
        let changed = try store.applyThresholdSet(patient: "p-1", set: set, version: "3", clearedBy: "clinic")
        #expect(changed == ["weight.target_kg", "sbp.high_yellow"], "an unchanged value is not rewritten")
        #expect(try store.thresholds(patient: "p-1") == ["weight.gain_3d_kg": 1.5, "weight.target_kg": 78])
        let history = try store.thresholdHistory(patient: "p-1")
        let target = try #require(history.last)
        #expect(history.count == 4)
        #expect(history[2].parameter == "weight.target_kg" && history[2].changedBy == "Eva" && history[2].reason == "new target")
        #expect(target.parameter == "sbp.high_yellow" && target.newValue == nil && target.changedBy == "clinic")
        #expect(try store.applyThresholdSet(patient: "p-1", set: [], version: "3", clearedBy: "clinic").isEmpty, "version 3 again: nothing")
        #expect(try store.thresholds(patient: "p-1").count == 2)
        #expect(try store.clinicCursor(patient: "p-1").thresholdsVersion == "3")
    }

    @Test("a contact request is kept until sent; attempts and the last error are recorded")
    func contactRequestLifecycle() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let record = try store.addContactRequest(patient: "p-1", text: "Ring mig", at: Self.at.addingTimeInterval(0.1234))
        #expect(record.requestedAt.timeIntervalSince1970 == 1_796_000_000.123)
        try store.markContactRequestFailed(id: record.id, reason: "connection refused")
        #expect(try store.unsentContactRequests().map(\.attempts) == [1])
        #expect(try store.unsentContactRequests().first?.lastError == "connection refused")
        try store.markContactRequestSent(id: record.id, at: Self.at.addingTimeInterval(5))
        #expect(try store.unsentContactRequests().isEmpty)
        #expect(try store.latestContactRequest()?.sentAt != nil)
        #expect(try store.latestContactRequest()?.attempts == 2)
    }

    @Test("assigned patients: active assignments only, each once")
    func assignedPatients() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        for (address, patient) in [("AA:00:00:00:00:01", "p-2"), ("AA:00:00:00:00:02", "p-1"), ("AA:00:00:00:00:03", "p-2")] {
            try store.saveDevice(StoredDevice(address: address, kind: .scale, pairedAt: Self.at, pairedBy: "t"))
            try store.assign(address: address, userIndex: nil, patientID: patient, at: Self.at, by: "t")
        }
        try store.assign(address: "AA:00:00:00:00:02", userIndex: nil, patientID: "p-3", at: Self.at, by: "t")
        #expect(try store.assignedPatients() == ["p-2", "p-3"])
    }
}
