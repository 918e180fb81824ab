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

    public init(
        id: MessageID, remoteID: String?, scope: MessageScope, text: String, receivedAt: Date,
        shownAt: Date?, acknowledgedAt: Date?
    ) {
        self.id = id
        self.remoteID = remoteID
        self.scope = scope
        self.text = text
        self.receivedAt = receivedAt
        self.shownAt = shownAt
        self.acknowledgedAt = acknowledgedAt
    }
}
