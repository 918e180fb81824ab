import Foundation
import GRDB
import Testing
@testable import GatewayStore

@Suite("The pipeline's combined read and the commit transaction")
struct ReadingInputsTests {
    @Test("the combined read binds a slot exactly like activeAssignment: own slot, whole device, none, revoked")
    func bindingMatchesActiveAssignment() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        try store.saveDevice(StoredDevice(address: Fixture.cuff, kind: .cuff, pairedAt: Fixture.base, pairedBy: "tech"))
        func check(_ user: Int?, _ expected: String?) throws {
            let inputs = try store.readingInputs(for: Fixture.bp(patient: expected ?? "anyone", user: user))
            #expect(inputs.assignedPatient == expected, "user \(String(describing: user))")
            #expect(try store.activeAssignment(address: Fixture.cuff, userIndex: user)?.patientID == expected)
        }
        try check(1, nil)
        try store.assign(address: Fixture.cuff, userIndex: nil, patientID: "p-whole", at: Fixture.base, by: "tech")
        try check(1, "p-whole")
        try check(nil, "p-whole")
        try store.assign(address: Fixture.cuff, userIndex: 1, patientID: "p-one", at: Fixture.base, by: "tech")
        try check(1, "p-one")
        // A guest (no slot of its own) on a device with a per-user slot is nobody's reading.
        try check(2, nil)
        try check(nil, "p-whole")
        // Lower-case address in the reading: the store normalises it, as activeAssignment does.
        #expect(try store.readingInputs(for: Fixture.bp(patient: "x", user: 1, address: Fixture.cuff.lowercased()))
            .assignedPatient == "p-one")
        try store.revokeAssignment(address: Fixture.cuff, userIndex: 1, at: Fixture.base, by: "tech")
        try check(1, "p-whole")
        try store.revokeAssignment(address: Fixture.cuff, userIndex: nil, at: Fixture.base, by: "tech")
        try check(1, nil)
    }

    @Test("a stored reading is reported as the duplicate, with its id; thresholds and alert state are then not read")
    func duplicate() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        try store.setThreshold(patient: Fixture.patient, parameter: "sbp.high_yellow", value: 140,
                               changedBy: "dr", reason: "r", at: Fixture.base)
        let reading = Fixture.bp()
        let fresh = try store.readingInputs(for: reading)
        #expect(fresh.duplicate == nil)
        #expect(fresh.thresholds == ["sbp.high_yellow": 140])
        guard case .stored(let id) = try store.commit(reading: reading, assessment: Fixture.assessment()) else {
            Issue.record("expected stored"); return
        }
        // Resent in another connection: same device time and payload.
        let again = try store.readingInputs(for: Fixture.bp(connection: "conn-2", receivedAt: Fixture.base.addingTimeInterval(60)))
        #expect(again.duplicate == id)
        #expect(again.duplicate == (try store.duplicateOf(Fixture.bp(connection: "conn-2"))))
        #expect(again.thresholds.isEmpty && again.alertStates.isEmpty)
        // Clockless: the same payload within the resend window is a duplicate too.
        let clockless = Fixture.bp(deviceTime: nil)
        guard case .stored(let clocklessID) = try store.commit(reading: clockless, assessment: Fixture.assessment()) else {
            Issue.record("expected stored"); return
        }
        let resent = Fixture.bp(deviceTime: nil, connection: "conn-3", receivedAt: Fixture.base.addingTimeInterval(120))
        #expect(try store.readingInputs(for: resent).duplicate == clocklessID)
    }

    @Test("threshold and alert-state changes are read fresh on the next call (no stale cached result)")
    func changesSeenAtOnce() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let reading = Fixture.bp()
        #expect(try store.readingInputs(for: reading).thresholds.isEmpty)
        try store.setThreshold(patient: Fixture.patient, parameter: "hr.high_red", value: 110,
                               changedBy: "dr", reason: "r", at: Fixture.base)
        try store.setAlertState(patient: Fixture.patient, signal: "sbp", stateJSON: #"{"colour":"red"}"#, at: Fixture.base)
        var inputs = try store.readingInputs(for: reading)
        #expect(inputs.thresholds == ["hr.high_red": 110])
        #expect(inputs.alertStates == ["sbp": #"{"colour":"red"}"#])
        #expect(inputs.thresholds == (try store.thresholds(patient: Fixture.patient)))
        #expect(inputs.alertStates == (try store.alertStates(patient: Fixture.patient)))
        try store.clearThreshold(patient: Fixture.patient, parameter: "hr.high_red", changedBy: "dr", reason: "r", at: Fixture.base)
        try store.setAlertState(patient: Fixture.patient, signal: "sbp", stateJSON: "null", at: Fixture.base)
        inputs = try store.readingInputs(for: reading)
        #expect(inputs.thresholds.isEmpty)
        #expect(inputs.alertStates == ["sbp": "null"])
        // Another patient's rows are not mixed in.
        #expect(try store.readingInputs(for: Fixture.bp(patient: "someone-else")).alertStates.isEmpty)
    }

    @Test("cached statements survive a schema change made by another connection (reads and commits)")
    func schemaChangeByAnotherConnection() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        try store.setThreshold(patient: Fixture.patient, parameter: "sbp.high_yellow", value: 140,
                               changedBy: "dr", reason: "r", at: Fixture.base)
        _ = try store.readingInputs(for: Fixture.bp())
        _ = try store.commit(reading: Fixture.bp(systolic: 130), assessment: Fixture.assessment())
        // Another connection (as a newer build's migration would) changes the schema of every table used.
        let other = try DatabaseQueue(path: dir.databasePath)
        try other.write { db in
            try db.execute(sql: "ALTER TABLE threshold ADD COLUMN note TEXT")
            try db.execute(sql: "ALTER TABLE alert_state ADD COLUMN note TEXT")
            try db.execute(sql: "ALTER TABLE reading ADD COLUMN note TEXT")
            try db.execute(sql: "CREATE INDEX threshold_value ON threshold(value)")
        }
        try other.close()
        let inputs = try store.readingInputs(for: Fixture.bp(systolic: 131))
        #expect(inputs.thresholds == ["sbp.high_yellow": 140] && inputs.duplicate == nil)
        guard case .stored = try store.commit(reading: Fixture.bp(systolic: 131), assessment: Fixture.assessment(),
                                              alertState: ["sbp": "null"]) else {
            Issue.record("expected stored after the schema change"); return
        }
        #expect(try store.count("reading") == 2)
        #expect(try store.readingInputs(for: Fixture.bp(systolic: 131)).duplicate != nil)
    }

    @Test("a commit that fails half-way leaves nothing behind and the next commit works (transaction rolled back)")
    func failedCommitRollsBack() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        // The alert-state row is written last and its JSON is checked (json_valid): the reading,
        // assessment and outbox rows before it must go too.
        #expect(throws: StoreError.self) {
            try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment(), alertState: ["sbp": "{not json"])
        }
        #expect(try store.count("reading") == 0)
        #expect(try store.count("assessment") == 0)
        #expect(try store.count("outbox") == 0)
        guard case .stored = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment(),
                                              alertState: ["sbp": "null"]) else {
            Issue.record("expected stored"); return
        }
        #expect(try store.count("reading") == 1 && store.count("outbox") == 1 && store.count("alert_state") == 1)
        // The same for a batch: all or nothing.
        #expect(throws: StoreError.self) {
            try store.commit(batch: [
                PendingReading(reading: Fixture.bp(systolic: 140), assessment: Fixture.assessment()),
                PendingReading(reading: Fixture.bp(systolic: 141), assessment: Fixture.assessment(), alertState: ["x": "{"]),
            ])
        }
        #expect(try store.count("reading") == 1)
    }
}
