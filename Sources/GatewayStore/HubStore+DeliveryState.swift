import Foundation
import GRDB

extension HubStore {
    /// Migration `v3-forwarding`: what the forwarder needs to deliver every reading exactly once.
    ///
    /// - `identifiers_json`: what the reading is forwarded as, with its conditional-create keys,
    ///   computed once by the caller and written in the reading's own commit; opaque to the store.
    ///   Rows from before this migration (or committed while nothing was forwarded) have `{}`, and
    ///   carehubd's bundle builder dead-letters them with that reason.
    /// - dead letters: `dead_at`, the server's HTTP status and OperationOutcome; `last_error` says why.
    /// - `forwarding_state`: one row, the last success and the last error, for `carehub status`.
    ///
    /// The pending index is replaced: dead letters leave it, and it is ordered by reading id so the
    /// oldest-first batch reads it in order instead of sorting every due row.
    static let v3ForwardingSchema = """
        ALTER TABLE outbox ADD COLUMN identifiers_json TEXT NOT NULL DEFAULT '{}'
            CHECK (json_valid(identifiers_json));
        ALTER TABLE outbox ADD COLUMN dead_at TEXT;
        ALTER TABLE outbox ADD COLUMN dead_status INTEGER;
        ALTER TABLE outbox ADD COLUMN dead_outcome TEXT;
        DROP INDEX outbox_pending;
        CREATE INDEX outbox_undelivered ON outbox(reading_id, next_attempt_at)
            WHERE sent_at IS NULL AND dead_at IS NULL;

        CREATE TABLE forwarding_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_success_at TEXT,
            last_error TEXT,
            last_error_at TEXT
        );
        INSERT INTO forwarding_state (id) VALUES (1);
        """

    /// Where a reading is on its way to the clinic; nil for an unknown reading id.
    /// The hub may say "your clinic has the value" only for `.sent`.
    public func deliveryState(of reading: ReadingID) throws(StoreError) -> DeliveryState? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT attempts, last_error, next_attempt_at, sent_at, dead_at, dead_status, dead_outcome
                FROM outbox WHERE reading_id = ?
                """, arguments: [reading.rawValue])
            else { return nil }
            if let sent: Date = try row.decode(forColumn: "sent_at") { return .sent(at: sent) }
            if let dead: Date = try row.decode(forColumn: "dead_at") {
                return .deadLettered(try Self.deadLetter(row, id: reading.rawValue, at: dead))
            }
            return try .pending(
                attempts: row.decode(forColumn: "attempts"), lastError: row.decode(forColumn: "last_error"),
                nextAttemptAt: row.decode(forColumn: "next_attempt_at"))
        }
    }

    /// Moves a reading out of the queue for good: the server refused it on its own (HTTP 4xx with
    /// `outcome`, its OperationOutcome) or no bundle could be built for it (`httpStatus` nil).
    /// `reason` must hold no patient data. Also recorded as the forwarder's last error.
    public func markDead(
        id: OutboxID, reason: String, httpStatus: Int?, outcome: String?, at: Date
    ) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE outbox SET dead_at = ?, dead_status = ?, dead_outcome = ?, last_error = ?,
                    attempts = attempts + 1
                WHERE reading_id = ? AND sent_at IS NULL AND dead_at IS NULL
                """, arguments: [StoreTime.text(at), httpStatus, outcome, reason, id.rawValue])
            try Self.recordError(db, "reading \(id.rawValue) dead-lettered: \(reason)", at: at)
        }
        logger.debug("outbox row dead-lettered", metadata: ["reading": "\(id)"])
    }

    /// Dead letters, oldest first (for an operator; `outcome` may name the patient).
    public func deadLetters(limit: Int) throws(StoreError) -> [DeadLetter] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT reading_id, last_error, dead_at, dead_status, dead_outcome FROM outbox
                WHERE dead_at IS NOT NULL ORDER BY reading_id LIMIT ?
                """, arguments: [max(0, limit)]).map { row in
                try Self.deadLetter(row, id: row.decode(forColumn: "reading_id"), at: row.decode(forColumn: "dead_at"))
            }
        }
    }

    /// Puts dead letters back in the queue, due at `now` with no attempts (after the cause was
    /// fixed, e.g. the store's profile). Returns how many were requeued.
    @discardableResult
    public func requeueDeadLetters(ids: [OutboxID], now: Date) throws(StoreError) -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { db in
            var count = 0
            for id in ids {
                try db.execute(sql: """
                    UPDATE outbox SET dead_at = NULL, dead_status = NULL, dead_outcome = NULL, attempts = 0,
                        last_error = NULL, next_attempt_at = ?
                    WHERE reading_id = ? AND dead_at IS NOT NULL
                    """, arguments: [StoreTime.text(now), id.rawValue])
                count += db.changesCount
            }
            return count
        }
    }

    /// Which of these readings the clinic's store has accepted (their outbox row is sent): the
    /// display tells the patient the clinic has a value only for these.
    public func forwardedReadingIDs(among ids: [ReadingID]) throws(StoreError) -> Set<ReadingID> {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let sent = try Int64.fetchAll(
                db, sql: "SELECT reading_id FROM outbox WHERE sent_at IS NOT NULL AND reading_id IN (\(placeholders))",
                arguments: StatementArguments(ids.map(\.rawValue)))
            return Set(sent.map(ReadingID.init(rawValue:)))
        }
    }

    /// The forwarder's last success and last error, kept across restarts.
    public func forwardingState() throws(StoreError) -> ForwardingState {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT last_success_at, last_error, last_error_at FROM forwarding_state WHERE id = 1")
            else { return ForwardingState(lastSuccessAt: nil, lastError: nil, lastErrorAt: nil) }
            return try ForwardingState(
                lastSuccessAt: row.decode(forColumn: "last_success_at"), lastError: row.decode(forColumn: "last_error"),
                lastErrorAt: row.decode(forColumn: "last_error_at"))
        }
    }

    /// Records a forwarding error that concerns no outbox row (e.g. the token file is unreadable).
    public func recordForwardingError(_ text: String, at: Date) throws(StoreError) {
        try write { db in try Self.recordError(db, text, at: at) }
    }

    static func recordError(_ db: Database, _ text: String, at: Date) throws {
        try db.execute(sql: "UPDATE forwarding_state SET last_error = ?, last_error_at = ? WHERE id = 1",
                       arguments: [text, StoreTime.text(at)])
    }

    static func deadLetter(_ row: Row, id: Int64, at: Date) throws -> DeadLetter {
        try DeadLetter(
            id: OutboxID(rawValue: id), at: at, reason: row.decode(forColumn: "last_error") ?? "",
            httpStatus: row.decode(forColumn: "dead_status"), outcome: row.decode(forColumn: "dead_outcome"))
    }
}
