import Foundation
import GRDB
import Testing
@testable import GatewayStore

@Suite("Duplicate readings (cuffs resend their memory)")
struct DuplicateTests {
    @Test("the same memory resent on the next connection is stored once")
    func resentMemoryStoredOnce() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let memory = ["2026-11-17T07:30:00", "2026-11-17T07:32:00", "2026-11-18T07:31:00"]
        var firstIDs: [ReadingID] = []
        for (index, time) in memory.enumerated() {
            let result = try store.commit(
                reading: Fixture.bp(systolic: 120 + index, deviceTime: time, connection: "conn-1"),
                assessment: Fixture.assessment())
            guard case .stored(let id) = result else { Issue.record("first pass: \(result)"); return }
            firstIDs.append(id)
        }
        let later = Fixture.base.addingTimeInterval(3 * 86_400)
        for (index, time) in memory.enumerated() {
            let reading = Fixture.bp(systolic: 120 + index, deviceTime: time, connection: "conn-2", receivedAt: later)
            #expect(try store.duplicateOf(reading) == firstIDs[index])
            #expect(try store.commit(reading: reading, assessment: Fixture.assessment(.yellow),
                                     alertState: ["B1": "{}"]) == .duplicate(existing: firstIDs[index]))
        }
        #expect(try store.count("reading") == 3)
        #expect(try store.count("outbox") == 3)
        #expect(try store.alertStates(patient: Fixture.patient).isEmpty, "a duplicate must not touch alert state")
    }

    @Test("the same values at another device time, or for another user, are new readings")
    func sameValuesOtherTimeIsNew() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let first = try store.commit(reading: Fixture.bp(deviceTime: "2026-11-17T07:30:00"), assessment: Fixture.assessment())
        let second = try store.commit(reading: Fixture.bp(deviceTime: "2026-11-18T07:30:00"), assessment: Fixture.assessment())
        let otherUser = try store.commit(reading: Fixture.bp(deviceTime: "2026-11-18T07:30:00", user: 2),
                                         assessment: Fixture.assessment())
        #expect(first != second)
        guard case .stored = second, case .stored = otherUser else { Issue.record("\(second) \(otherUser)"); return }
        #expect(try store.count("reading") == 3)
    }

    @Test("no device time: same connection or a reconnect within the window is a resend; days later is a new reading")
    func clocklessRule() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let t0 = Fixture.base
        let first = try store.commit(reading: Fixture.bp(deviceTime: nil, connection: "c1", receivedAt: t0),
                                     assessment: Fixture.assessment())
        guard case .stored(let id) = first else { Issue.record("\(first)"); return }
        // Same connection, a second later (e.g. a read echoed as a notification).
        #expect(try store.commit(reading: Fixture.bp(deviceTime: nil, connection: "c1", receivedAt: t0 + 1),
                                 assessment: Fixture.assessment()) == .duplicate(existing: id))
        // Reconnect two minutes later resending its memory.
        #expect(try store.commit(reading: Fixture.bp(deviceTime: nil, connection: "c2", receivedAt: t0 + 120),
                                 assessment: Fixture.assessment()) == .duplicate(existing: id))
        // The same value measured two days later is kept.
        let later = try store.commit(reading: Fixture.bp(deviceTime: nil, connection: "c3", receivedAt: t0 + 2 * 86_400),
                                     assessment: Fixture.assessment())
        guard case .stored = later else { Issue.record("genuine repeat dropped: \(later)"); return }
        // Just past the window counts as new too.
        let pastWindow = t0 + 2 * 86_400 + HubStore.clocklessResendWindow + 1
        let afterWindow = try store.commit(reading: Fixture.bp(deviceTime: nil, connection: "c4", receivedAt: pastWindow),
                                           assessment: Fixture.assessment())
        guard case .stored = afterWindow else { Issue.record("\(afterWindow)"); return }
        #expect(try store.count("reading") == 3)
    }

    @Test("the UNIQUE index enforces the dedupe key even without the pre-check")
    func uniqueIndexEnforces() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        #expect(throws: DatabaseError.self) {
            try store.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO reading (device_address, patient_id, characteristic, kind, values_json, raw,
                        received_at, effective_at, phd_identifier, connection_id, dedupe_key)
                    SELECT device_address, patient_id, characteristic, kind, values_json, raw,
                        received_at, effective_at, phd_identifier, 'other', dedupe_key FROM reading
                    """)
            }
        }
        #expect(try store.count("reading") == 1)
    }

    @Test("dedupe keys: device time and payload matter, the connection only without device time")
    func keyShape() throws {
        let clock = DeviceWallClock("2026-11-18T07:30:00")
        let timed1 = ReadingDedupeKey.make(deviceAddress: "AA", userIndex: 1, characteristic: "2A35",
                                           deviceTime: clock, raw: [0x01, 0xAB], connectionID: "c1")
        let timed2 = ReadingDedupeKey.make(deviceAddress: "AA", userIndex: 1, characteristic: "2A35",
                                           deviceTime: clock, raw: [0x01, 0xAB], connectionID: "c2")
        let untimed1 = ReadingDedupeKey.make(deviceAddress: "AA", userIndex: nil, characteristic: "2A35",
                                             deviceTime: nil, raw: [0x01, 0xAB], connectionID: "c1")
        let untimed2 = ReadingDedupeKey.make(deviceAddress: "AA", userIndex: nil, characteristic: "2A35",
                                             deviceTime: nil, raw: [0x01, 0xAB], connectionID: "c2")
        #expect(timed1 == "t|AA|1|2A35|2026-11-18T07:30:00|01AB")
        #expect(timed1 == timed2)
        #expect(untimed1 == "n|AA|-|2A35|c1|01AB")
        #expect(untimed1 != untimed2)
    }
}

@Suite("Batch commit (one transaction per memory dump)")
struct BatchCommitTests {
    @Test("a dump with a resent reading and an in-batch repeat: stored once each, results in order")
    func batchDedupes() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        guard case .stored(let old) = try store.commit(reading: Fixture.bp(deviceTime: "2026-11-17T07:30:00"),
                                                       assessment: Fixture.assessment())
        else { Issue.record("setup"); return }
        let dump = ["2026-11-17T07:30:00", "2026-11-18T07:30:00", "2026-11-18T07:30:00", "2026-11-19T07:30:00"]
            .map { PendingReading(reading: Fixture.bp(deviceTime: $0, connection: "conn-9"),
                                  assessment: Fixture.assessment(), alertState: ["B1": "{}"]) }
        let results = try store.commit(batch: dump)
        #expect(results.count == 4)
        #expect(results[0] == .duplicate(existing: old))
        guard case .stored(let second) = results[1], case .stored = results[3] else { Issue.record("\(results)"); return }
        #expect(results[2] == .duplicate(existing: second))
        #expect(try store.count("reading") == 3)
        #expect(try store.count("outbox") == 3)
    }

    @Test("one bad reading in a batch stores none of it")
    func batchIsAllOrNothing() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        var bad = Fixture.assessment()
        bad.observationsJSON = "nope"
        let batch = [
            PendingReading(reading: Fixture.bp(deviceTime: "2026-11-18T07:30:00"), assessment: Fixture.assessment()),
            PendingReading(reading: Fixture.bp(deviceTime: "2026-11-18T07:32:00"), assessment: bad),
        ]
        #expect(throws: StoreError.self) { try store.commit(batch: batch) }
        #expect(try store.count("reading") == 0)
        #expect(try store.count("assessment") == 0)
        #expect(try store.count("outbox") == 0)
    }
}
