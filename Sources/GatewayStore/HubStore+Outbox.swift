import Foundation
import GRDB

extension HubStore {
    /// Undelivered readings due at `now` (`nextAttemptAt <= now`, neither sent nor dead-lettered),
    /// oldest reading first, each with its assessment, its quantities and its stored identifiers.
    public func pendingOutbox(limit: Int, now: Date) throws(StoreError) -> [OutboxItem] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(Self.storedColumns), o.attempts AS o_attempts, o.last_error AS o_last_error,
                    o.next_attempt_at AS o_next_attempt_at, o.identifiers_json AS o_identifiers_json
                FROM outbox o JOIN reading r ON r.id = o.reading_id LEFT JOIN assessment a ON a.reading_id = r.id
                WHERE o.sent_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= ?
                ORDER BY o.reading_id LIMIT ?
                """, arguments: [StoreTime.text(now), max(0, limit)])
            var items = try rows.map { row in
                try OutboxItem(
                    id: OutboxID(rawValue: row.decode(forColumn: "id")), attempts: row.decode(forColumn: "o_attempts"),
                    lastError: row.decode(forColumn: "o_last_error"), nextAttemptAt: row.decode(forColumn: "o_next_attempt_at"),
                    stored: Self.storedReading(from: row), identifiersJSON: row.decode(forColumn: "o_identifiers_json"))
            }
            let quantities = try Self.fetchQuantities(db, readingIDs: items.map(\.stored.id))
            if !quantities.isEmpty {
                for index in items.indices {
                    items[index].stored.reading.quantities = quantities[items[index].stored.id] ?? []
                }
            }
            return items
        }
    }

    /// The earliest `nextAttemptAt` of the undelivered rows (nil when none): when the forwarder
    /// must look again without a wake-up.
    public func nextOutboxAttempt() throws(StoreError) -> Date? {
        try read { db in
            try Date.fetchOne(db, sql: """
                SELECT min(next_attempt_at) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL
                """)
        }
    }

    /// Marks outbox rows as delivered (the server accepted the bundle) and records the success, in
    /// one transaction. Returns the readings newly marked, in the given order: from now on the clinic
    /// has them. Already-sent or dead-lettered rows are left as they are.
    @discardableResult
    public func markSent(ids: [OutboxID], at: Date) throws(StoreError) -> [ReadingID] {
        guard !ids.isEmpty else { return [] }
        let sent = try write { db -> [ReadingID] in
            var sent: [ReadingID] = []
            sent.reserveCapacity(ids.count)
            let time = StoreTime.text(at)
            for id in ids {
                try db.cachedStatement(sql: """
                    UPDATE outbox SET sent_at = ?, last_error = NULL
                    WHERE reading_id = ? AND sent_at IS NULL AND dead_at IS NULL
                    """).execute(arguments: [time, id.rawValue])
                if db.changesCount > 0 { sent.append(ReadingID(rawValue: id.rawValue)) }
            }
            try db.execute(sql: "UPDATE forwarding_state SET last_success_at = ? WHERE id = 1", arguments: [time])
            return sent
        }
        logger.debug("outbox rows sent", metadata: ["count": "\(sent.count)"])
        return sent
    }

    /// Records a failed attempt for one row: attempts + 1, the error text (no patient data) and when to retry.
    public func markFailed(id: OutboxID, error: String, nextAttemptAt: Date) throws(StoreError) {
        try write { db in try Self.markFailed(db, ids: [id], error: error, nextAttemptAt: nextAttemptAt) }
    }

    /// Records a failed attempt of a batch (one transaction) and the error as the forwarder's last error.
    public func markFailed(ids: [OutboxID], error: String, nextAttemptAt: Date, at: Date) throws(StoreError) {
        try write { db in
            try Self.markFailed(db, ids: ids, error: error, nextAttemptAt: nextAttemptAt)
            try Self.recordError(db, error, at: at)
        }
    }

    static func markFailed(_ db: Database, ids: [OutboxID], error: String, nextAttemptAt: Date) throws {
        let next = StoreTime.text(nextAttemptAt)
        for id in ids {
            try db.cachedStatement(sql: """
                UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE reading_id = ? AND sent_at IS NULL AND dead_at IS NULL
                """).execute(arguments: [error, next, id.rawValue])
        }
    }

    /// Outbox figures for status displays.
    public func outboxCounts(now: Date) throws(StoreError) -> OutboxCounts {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT
                    count(*) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NULL) AS pending,
                    count(*) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= ?) AS due,
                    count(*) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NULL AND o.attempts > 0) AS failing,
                    count(*) FILTER (WHERE o.sent_at IS NOT NULL) AS sent,
                    count(*) FILTER (WHERE o.dead_at IS NOT NULL) AS dead,
                    min(r.received_at) FILTER (WHERE o.sent_at IS NULL AND o.dead_at IS NULL) AS oldest
                FROM outbox o JOIN reading r ON r.id = o.reading_id
                """, arguments: [StoreTime.text(now)])
            guard let row else { return OutboxCounts(pending: 0, due: 0, failing: 0, sent: 0, oldestPendingReceivedAt: nil) }
            return try OutboxCounts(
                pending: row.decode(forColumn: "pending"), due: row.decode(forColumn: "due"),
                failing: row.decode(forColumn: "failing"), sent: row.decode(forColumn: "sent"),
                oldestPendingReceivedAt: row.decode(forColumn: "oldest"), deadLettered: row.decode(forColumn: "dead"))
        }
    }
}
