/// Row id of a stored reading (also the id of its assessment).
public struct ReadingID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// Id of an outbox entry; there is one per reading and it carries the reading's id.
public struct OutboxID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// Row id of a message from the clinic, assigned by the store.
public struct MessageID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// Outcome of ``HubStore/commit(reading:assessment:alertState:identifiersJSON:)``.
public enum CommitResult: Hashable, Sendable {
    /// The reading, its assessment and its outbox row were committed durably.
    case stored(ReadingID)
    /// The reading had been stored before (a resent device memory); nothing was written.
    case duplicate(existing: ReadingID)
}
