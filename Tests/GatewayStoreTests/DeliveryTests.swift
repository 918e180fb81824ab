import Foundation
import GRDB
import Testing
@testable import GatewayStore

@Suite("Forwarding delivery states (migration v3-forwarding)")
struct DeliveryTests {
    static func commit(_ store: HubStore, count: Int, identifiers: (Int) -> String = { #"{"Observation":"id-\#($0)"}"# })
        throws -> [ReadingID] {
        try (0..<count).map { index in
            let at = Fixture.base.addingTimeInterval(Double(index) * 60)
            let result = try store.commit(
                reading: Fixture.bp(systolic: 120 + index, deviceTime: nil, connection: "c\(index)", receivedAt: at),
                assessment: Fixture.assessment(), identifiersJSON: identifiers(index))
            guard case .stored(let id) = result else { throw StoreError.invalidInput("not stored: \(result)") }
            return id
        }
    }

    @Test("identifiers are stored with the commit (single and batch) and come back with the pending batch")
    func identifiersRoundTrip() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let ids = try Self.commit(store, count: 2)
        let batch = try store.commit(batch: [
            PendingReading(reading: Fixture.bp(systolic: 150, deviceTime: nil, connection: "b"), assessment: Fixture.assessment(),
                           identifiersJSON: #"{"Observation":"batch"}"#),
        ])
        guard case .stored(let batchID) = batch.first else { Issue.record("\(batch)"); return }
        let pending = try store.pendingOutbox(limit: 10, now: .distantFuture)
        #expect(pending.map(\.stored.id) == ids + [batchID])
        #expect(pending.map(\.identifiersJSON) == [#"{"Observation":"id-0"}"#, #"{"Observation":"id-1"}"#, #"{"Observation":"batch"}"#])
        // Invalid JSON is refused with the reading: the commit is all or nothing.
        #expect(throws: StoreError.constraint(detail: "CHECK constraint failed: json_valid(identifiers_json)")) {
            try store.commit(reading: Fixture.bp(systolic: 160), assessment: Fixture.assessment(), identifiersJSON: "{nope")
        }
        #expect(try store.count("reading") == 3)
    }

    @Test("markSent returns the newly sent readings, records the success, and the query by reading id says sent")
    func sentState() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let ids = try Self.commit(store, count: 3)
        let outbox = ids.map { OutboxID(rawValue: $0.rawValue) }
        #expect(try store.deliveryState(of: ids[0]) == .pending(attempts: 0, lastError: nil, nextAttemptAt: Fixture.base))
        let at = Fixture.base.addingTimeInterval(3_600)
        #expect(try store.markSent(ids: Array(outbox.prefix(2)), at: at) == Array(ids.prefix(2)))
        // Sending again reports nothing new and keeps the first time.
        #expect(try store.markSent(ids: outbox, at: at.addingTimeInterval(5)) == [ids[2]])
        #expect(try store.deliveryState(of: ids[0]) == .sent(at: at))
        #expect(try store.deliveryState(of: ReadingID(rawValue: 999)) == nil)
        #expect(try store.forwardingState().lastSuccessAt == at.addingTimeInterval(5))
        #expect(try store.pendingOutbox(limit: 10, now: .distantFuture).isEmpty)
        #expect(try store.nextOutboxAttempt() == nil)
    }

    @Test("failures move next_attempt_at and record the last error; the earliest next attempt is reported")
    func failedState() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let ids = try Self.commit(store, count: 3).map { OutboxID(rawValue: $0.rawValue) }
        #expect(try store.nextOutboxAttempt() == Fixture.base)
        let now = Fixture.base.addingTimeInterval(600)
        let retry = now.addingTimeInterval(30)
        try store.markFailed(ids: ids, error: "HTTP 503", nextAttemptAt: retry, at: now)
        #expect(try store.pendingOutbox(limit: 10, now: now).isEmpty)
        #expect(try store.nextOutboxAttempt() == retry)
        #expect(try store.pendingOutbox(limit: 2, now: retry).map(\.id) == Array(ids.prefix(2)))
        #expect(try store.deliveryState(of: ReadingID(rawValue: ids[1].rawValue))
                == .pending(attempts: 1, lastError: "HTTP 503", nextAttemptAt: retry))
        #expect(try store.forwardingState() == ForwardingState(lastSuccessAt: nil, lastError: "HTTP 503", lastErrorAt: now))
        let counts = try store.outboxCounts(now: now)
        #expect(counts == OutboxCounts(pending: 3, due: 0, failing: 3, sent: 0, oldestPendingReceivedAt: Fixture.base, deadLettered: 0))
    }

    @Test("a dead letter leaves the queue with its outcome kept, is counted, and can be requeued")
    func deadLetters() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let ids = try Self.commit(store, count: 3)
        let outbox = ids.map { OutboxID(rawValue: $0.rawValue) }
        let now = Fixture.base.addingTimeInterval(600)
        let outcome = #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid"}]}"#
        try store.markDead(id: outbox[1], reason: "HTTP 422 (error: invalid)", httpStatus: 422, outcome: outcome, at: now)
        let letter = DeadLetter(id: outbox[1], at: now, reason: "HTTP 422 (error: invalid)", httpStatus: 422, outcome: outcome)
        #expect(try store.deliveryState(of: ids[1]) == .deadLettered(letter))
        #expect(try store.deadLetters(limit: 10) == [letter])
        #expect(try store.pendingOutbox(limit: 10, now: now).map(\.id) == [outbox[0], outbox[2]])
        // A late success report does not turn a dead letter into a sent one.
        #expect(try store.markSent(ids: outbox, at: now) == [ids[0], ids[2]])
        #expect(try store.outboxCounts(now: now) ==
                OutboxCounts(pending: 0, due: 0, failing: 0, sent: 2, oldestPendingReceivedAt: nil, deadLettered: 1))
        #expect(try store.forwardingState().lastError == "reading \(ids[1]) dead-lettered: HTTP 422 (error: invalid)")

        #expect(try store.requeueDeadLetters(ids: [outbox[1], outbox[0]], now: now) == 1)
        #expect(try store.deliveryState(of: ids[1]) == .pending(attempts: 0, lastError: nil, nextAttemptAt: now))
        #expect(try store.pendingOutbox(limit: 10, now: now).map(\.id) == [outbox[1]])
    }

    @Test("outbox rows from before the migration get '{}' identifiers and stay pending")
    func migratesExistingRows() throws {
        let dir = try TempDirectory()
        let queue = try DatabaseQueue(path: dir.databasePath)
        try HubStore.migrator.migrate(queue, upTo: "v2-more-kinds")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO reading (id, device_address, patient_id, characteristic, kind, values_json, raw,
                    received_at, effective_at, phd_identifier, connection_id, dedupe_key)
                VALUES (7, 'A4:C1:38:00:00:01', 'pat-0001', '2A35', 'blood_pressure', '{}', x'00',
                    '2026-11-18 19:33:20.000', '2026-11-18 19:33:20.000', 'phd', 'c', 'k');
                INSERT INTO outbox (reading_id, created_at, next_attempt_at)
                VALUES (7, '2026-11-18 19:33:20.000', '2026-11-18 19:33:20.000');
                """)
        }
        try queue.close()
        let store = try dir.openStore()
        let pending = try store.pendingOutbox(limit: 10, now: .distantFuture)
        #expect(pending.map(\.id.rawValue) == [7])
        #expect(pending.first?.identifiersJSON == "{}")
        #expect(try store.forwardingState() == ForwardingState(lastSuccessAt: nil, lastError: nil, lastErrorAt: nil))
    }

    @Test("the oldest-first batch reads the undelivered index in order (no sort of every due row)")
    func pendingUsesIndex() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let plan = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT o.reading_id FROM outbox o JOIN reading r ON r.id = o.reading_id
                LEFT JOIN assessment a ON a.reading_id = r.id
                WHERE o.sent_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= ? ORDER BY o.reading_id LIMIT ?
                """, arguments: ["2026", 10]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("outbox_undelivered") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }
}
