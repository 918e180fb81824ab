import GatewayStore

/// A FHIR transaction Bundle, ready to POST.
public struct TransactionBundle: Hashable, Sendable {
    /// The Bundle as JSON (`application/fhir+json`).
    public var body: [UInt8]
    /// How many entries (requests) it has: the transaction-response must answer each.
    public var entryCount: Int

    public init(body: [UInt8], entryCount: Int) {
        self.body = body
        self.entryCount = entryCount
    }
}

/// Thrown by a ``BundleBuilder`` that cannot map one reading: that reading is dead-lettered with
/// `reason` (no patient data) and the rest of the batch is built again without it.
public struct UnmappableReading: Error, Hashable, Sendable {
    public var id: OutboxID
    public var reason: String

    public init(id: OutboxID, reason: String) {
        self.id = id
        self.reason = reason
    }
}

/// Builds the transaction Bundle for a batch of outbox items (oldest first): the seam where the
/// FHIR mapping plugs in, so `Forwarding` does not depend on it.
///
/// The builder must give every entry a conditional create (`ifNoneExist`) on identifiers taken
/// from ``HubStore/OutboxItem/identifiersJSON`` (or derived deterministically from the reading
/// for rows stored before those existed): that is what makes a re-sent reading harmless.
/// Any other error than ``UnmappableReading`` makes the forwarder split the batch until the
/// reading that fails is alone, and dead-letter it with the error's description (so error
/// descriptions must hold no patient data).
public struct BundleBuilder: Sendable {
    private let build: @Sendable ([OutboxItem]) throws -> TransactionBundle

    public init(_ build: @escaping @Sendable ([OutboxItem]) throws -> TransactionBundle) {
        self.build = build
    }

    /// The Bundle for `items` (never empty).
    public func bundle(for items: [OutboxItem]) throws -> TransactionBundle {
        try build(items)
    }
}
