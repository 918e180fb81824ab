import Foundation

/// How far the hub has followed the clinic's store for one patient.
public struct ClinicCursor: Hashable, Sendable {
    /// The newest `meta.lastUpdated` of a message seen, as the store wrote it (a FHIR instant).
    public var messagesUpdated: String?
    /// The version (`meta.versionId`) of the threshold set last applied.
    public var thresholdsVersion: String?

    public init(messagesUpdated: String?, thresholdsVersion: String?) {
        self.messagesUpdated = messagesUpdated
        self.thresholdsVersion = thresholdsVersion
    }
}

/// A clinic message as fetched, before it is stored.
public struct IncomingMessage: Hashable, Sendable {
    /// The store's id of the message; a message is stored once per id.
    public var remoteID: String
    public var scope: MessageScope
    public var text: String
    public var sender: String?
    public var sentAt: Date?

    public init(remoteID: String, scope: MessageScope, text: String, sender: String?, sentAt: Date?) {
        self.remoteID = remoteID
        self.scope = scope
        self.text = text
        self.sender = sender
        self.sentAt = sentAt
    }
}

/// One threshold of the clinic's set for a patient, with who set it, when and why.
public struct ClinicThreshold: Hashable, Sendable {
    public var parameter: String
    public var value: Double
    public var changedBy: String
    public var changedAt: Date
    public var reason: String

    public init(parameter: String, value: Double, changedBy: String, changedAt: Date, reason: String) {
        self.parameter = parameter
        self.value = value
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }
}

/// The patient's "please call me", as the hub keeps it until the clinic's store accepted it.
public struct ContactRequestRecord: Hashable, Sendable {
    public var id: Int64
    public var patientID: String
    /// To the millisecond: the request's identifier at the store is made from it.
    public var requestedAt: Date
    public var text: String
    public var attempts: Int
    public var lastError: String?
    /// When the store accepted it; nil while it is still being sent.
    public var sentAt: Date?

    public init(
        id: Int64, patientID: String, requestedAt: Date, text: String, attempts: Int, lastError: String?, sentAt: Date?
    ) {
        self.id = id
        self.patientID = patientID
        self.requestedAt = requestedAt
        self.text = text
        self.attempts = attempts
        self.lastError = lastError
        self.sentAt = sentAt
    }
}
