import Foundation
import GatewayStore

/// Forwarding at a glance, for `carehub status` and the control API.
public struct ForwardingStatus: Hashable, Sendable {
    /// False when the daemon has no forwarding section: readings stay in the queue.
    public var configured: Bool
    /// Readings not yet delivered (neither sent nor dead-lettered).
    public var depth: Int
    /// Age of the oldest undelivered reading (by hub receive time); nil when the queue is empty.
    public var oldestUndeliveredAge: TimeInterval?
    public var lastSuccessAt: Date?
    /// The last error (no patient data) and when.
    public var lastError: String?
    public var lastErrorAt: Date?
    /// Readings the store refused on their own; kept for an operator.
    public var deadLetters: Int

    public init(
        configured: Bool, depth: Int, oldestUndeliveredAge: TimeInterval?, lastSuccessAt: Date?, lastError: String?,
        lastErrorAt: Date?, deadLetters: Int
    ) {
        self.configured = configured
        self.depth = depth
        self.oldestUndeliveredAge = oldestUndeliveredAge
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.deadLetters = deadLetters
    }

    /// Read from the store (works without a running forwarder, e.g. in the CLI's local mode).
    public static func read(from store: HubStore, configured: Bool, now: Date) throws(StoreError) -> ForwardingStatus {
        let counts = try store.outboxCounts(now: now)
        let state = try store.forwardingState()
        return ForwardingStatus(
            configured: configured, depth: counts.pending,
            oldestUndeliveredAge: counts.oldestPendingReceivedAt.map { max(0, now.timeIntervalSince($0)) },
            lastSuccessAt: state.lastSuccessAt, lastError: state.lastError, lastErrorAt: state.lastErrorAt,
            deadLetters: counts.deadLettered)
    }
}
