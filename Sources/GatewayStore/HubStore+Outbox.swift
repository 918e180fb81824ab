import Foundation
import GRDB

extension HubStore {
    /// Unsent readings due at `now` (`nextAttemptAt <= now`), oldest reading first.
    public func pendingOutbox(limit: Int, now: Date) throws(StoreError) -> [OutboxItem] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT reading_id, attempts, last_error, next_attempt_at FROM outbox
                WHERE sent_at IS NULL AND next_attempt_at <= ?
                ORDER BY reading_id LIMIT ?
                """, arguments: [StoreTime.text(now), max(0, limit)])
            return try rows.compactMap { row -> OutboxItem? in
                let readingID: Int64 = try row.decode(forColumn: "reading_id")
                guard let stored = try Self.fetchStored(
                    db, where: "r.id = ?", order: "r.id", limit: 1, arguments: [readingID]).first
                else { return nil }
                return try OutboxItem(
                    id: OutboxID(rawValue: readingID), attempts: row.decode(forColumn: "attempts"),
                    lastError: row.decode(forColumn: "last_error"),
                    nextAttemptAt: row.decode(forColumn: "next_attempt_at"), stored: stored)
            }
        }
    }

    /// Marks outbox rows as forwarded (the server accepted the bundle). Already-sent rows keep their time.
    public func markSent(ids: [OutboxID], at: Date) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try write { db in
            for id in ids {
                try db.execute(sql: "UPDATE outbox SET sent_at = ?, last_error = NULL WHERE reading_id = ? AND sent_at IS NULL",
                               arguments: [StoreTime.text(at), id.rawValue])
            }
        }
        logger.debug("outbox rows sent", metadata: ["count": "\(ids.count)"])
    }

    /// Records a failed attempt: attempts + 1, the error text (no patient data) and when to retry.
    public func markFailed(id: OutboxID, error: String, nextAttemptAt: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE reading_id = ? AND sent_at IS NULL
                """, arguments: [error, StoreTime.text(nextAttemptAt), id.rawValue])
        }
    }

    /// Outbox figures for status displays.
    public func outboxCounts(now: Date) throws(StoreError) -> OutboxCounts {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT
                    count(*) FILTER (WHERE o.sent_at IS NULL) AS pending,
                    count(*) FILTER (WHERE o.sent_at IS NULL AND o.next_attempt_at <= ?) AS due,
                    count(*) FILTER (WHERE o.sent_at IS NULL AND o.attempts > 0) AS failing,
                    count(*) FILTER (WHERE o.sent_at IS NOT NULL) AS sent,
                    min(r.received_at) FILTER (WHERE o.sent_at IS NULL) AS oldest
                FROM outbox o JOIN reading r ON r.id = o.reading_id
                """, arguments: [StoreTime.text(now)])
            guard let row else { return OutboxCounts(pending: 0, due: 0, failing: 0, sent: 0, oldestPendingReceivedAt: nil) }
            return try OutboxCounts(
                pending: row.decode(forColumn: "pending"), due: row.decode(forColumn: "due"),
                failing: row.decode(forColumn: "failing"), sent: row.decode(forColumn: "sent"),
                oldestPendingReceivedAt: row.decode(forColumn: "oldest"))
        }
    }
}
