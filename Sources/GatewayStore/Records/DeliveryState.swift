import Foundation

/// Where one reading is on its way to the clinic's monitoring store.
public enum DeliveryState: Hashable, Sendable {
    /// Still queued: failed `attempts` times so far, next tried at `nextAttemptAt`.
    case pending(attempts: Int, lastError: String?, nextAttemptAt: Date)
    /// The store accepted it (a 2xx transaction-response): the clinic has the value.
    case sent(at: Date)
    /// Taken out of the queue: the store refused it on its own, or no bundle could be built.
    case deadLettered(DeadLetter)
}

/// A reading the forwarder gave up on, with the server's answer.
public struct DeadLetter: Hashable, Sendable {
    public var id: OutboxID
    public var at: Date
    /// Why, without patient data (e.g. `HTTP 422 (processing: invalid)`).
    public var reason: String
    /// The HTTP status of the refusal; nil when the bundle could not be built.
    public var httpStatus: Int?
    /// The server's OperationOutcome (JSON text) as received; may name the patient.
    public var outcome: String?

    public init(id: OutboxID, at: Date, reason: String, httpStatus: Int?, outcome: String?) {
        self.id = id
        self.at = at
        self.reason = reason
        self.httpStatus = httpStatus
        self.outcome = outcome
    }
}

/// The forwarder's history kept in the store (table `forwarding_state`).
public struct ForwardingState: Hashable, Sendable {
    /// When the store last accepted a bundle.
    public var lastSuccessAt: Date?
    /// The last error (no patient data) and when it happened.
    public var lastError: String?
    public var lastErrorAt: Date?

    public init(lastSuccessAt: Date?, lastError: String?, lastErrorAt: Date?) {
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }
}
