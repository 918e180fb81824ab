import Foundation

/// A message from the clinic to the patient (from a FHIR Communication the hub polled).
public struct DisplayMessage: Sendable, Codable, Equatable, Identifiable {
    /// Stable id of the message.
    public var id: String
    /// The message text, plain text (never HTML).
    public var text: String
    /// When the clinic sent it.
    public var sent: Date
    /// The sent time as the patient should read it, e.g. "i går 14:05".
    public var sentText: String
    /// Who sent it, e.g. "Hjärtsviktsmottagningen"; may be empty.
    public var sender: String

    /// Creates a clinic message for the display.
    public init(id: String, text: String, sent: Date, sentText: String, sender: String = "") {
        self.id = id
        self.text = text
        self.sent = sent
        self.sentText = sentText
        self.sender = sender
    }
}
