import Foundation

/// A reading waiting to be forwarded.
public struct OutboxItem: Hashable, Sendable {
    public var id: OutboxID
    /// Failed attempts so far.
    public var attempts: Int
    public var lastError: String?
    public var nextAttemptAt: Date
    public var stored: StoredReading
    /// The reading's resource identifiers as the committer computed them (opaque JSON; `{}` for
    /// rows committed before migration `v3-forwarding`).
    public var identifiersJSON: String

    public init(
        id: OutboxID, attempts: Int, lastError: String?, nextAttemptAt: Date, stored: StoredReading,
        identifiersJSON: String = "{}"
    ) {
        self.id = id
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.stored = stored
        self.identifiersJSON = identifiersJSON
    }
}

/// Outbox figures for status pages and `carehub status`.
public struct OutboxCounts: Hashable, Sendable {
    /// Not yet delivered (neither sent nor dead-lettered): the queue's depth.
    public var pending: Int
    /// Pending and due now.
    public var due: Int
    /// Pending with at least one failed attempt.
    public var failing: Int
    public var sent: Int
    /// Hub receive time of the oldest undelivered reading.
    public var oldestPendingReceivedAt: Date?
    /// Readings taken out of the queue (refused by the store or unmappable).
    public var deadLettered: Int

    public init(pending: Int, due: Int, failing: Int, sent: Int, oldestPendingReceivedAt: Date?, deadLettered: Int = 0) {
        self.pending = pending
        self.due = due
        self.failing = failing
        self.sent = sent
        self.oldestPendingReceivedAt = oldestPendingReceivedAt
        self.deadLettered = deadLettered
    }
}
