import Foundation

/// A reading waiting to be forwarded.
public struct OutboxItem: Hashable, Sendable {
    public var id: OutboxID
    /// Failed attempts so far.
    public var attempts: Int
    public var lastError: String?
    public var nextAttemptAt: Date
    public var stored: StoredReading

    public init(id: OutboxID, attempts: Int, lastError: String?, nextAttemptAt: Date, stored: StoredReading) {
        self.id = id
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.stored = stored
    }
}

/// Outbox figures for status pages and `carehub status`.
public struct OutboxCounts: Hashable, Sendable {
    /// Not yet sent.
    public var pending: Int
    /// Pending and due now.
    public var due: Int
    /// Pending with at least one failed attempt.
    public var failing: Int
    public var sent: Int
    /// Hub receive time of the oldest unsent reading.
    public var oldestPendingReceivedAt: Date?

    public init(pending: Int, due: Int, failing: Int, sent: Int, oldestPendingReceivedAt: Date?) {
        self.pending = pending
        self.due = due
        self.failing = failing
        self.sent = sent
        self.oldestPendingReceivedAt = oldestPendingReceivedAt
    }
}
