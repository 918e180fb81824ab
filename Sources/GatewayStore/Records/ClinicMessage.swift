import Foundation

/// Who a clinic message is for.
public enum MessageScope: Hashable, Sendable {
    case patient(String)
    case group(String)
    case all
}

/// A message from the clinic for the display page.
public struct ClinicMessage: Hashable, Sendable {
    public var id: MessageID
    /// Id at the sender (FHIR Communication id), used to ignore re-polled messages.
    public var remoteID: String?
    public var scope: MessageScope
    public var text: String
    public var receivedAt: Date
    public var shownAt: Date?
    public var acknowledgedAt: Date?
    /// Who wrote it, as the clinic names staff to the patient; nil when not said.
    public var sender: String?
    /// When the clinic sent it; nil for messages stored without it.
    public var sentAt: Date?

    public init(
        id: MessageID, remoteID: String?, scope: MessageScope, text: String, receivedAt: Date,
        shownAt: Date?, acknowledgedAt: Date?, sender: String? = nil, sentAt: Date? = nil
    ) {
        self.sender = sender
        self.sentAt = sentAt
        self.id = id
        self.remoteID = remoteID
        self.scope = scope
        self.text = text
        self.receivedAt = receivedAt
        self.shownAt = shownAt
        self.acknowledgedAt = acknowledgedAt
    }
}
