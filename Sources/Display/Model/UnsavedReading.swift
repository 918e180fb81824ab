import Foundation

/// A measurement the hub received but could not store (disk full, read-only file, I/O error).
/// The page tells the patient plainly that it was NOT saved and what to do, and never shows its
/// value: only stored values are ever shown as values.
public struct UnsavedReading: Sendable, Codable, Equatable {
    /// What was measured (the value itself is deliberately not carried).
    public var kind: ReadingKind
    /// When the hub received it.
    public var received: Date
    /// The receive time as the patient should read it, e.g. "I dag 07:12".
    public var receivedText: String

    /// Creates the notice of a reading that could not be stored.
    public init(kind: ReadingKind, received: Date, receivedText: String) {
        self.kind = kind
        self.received = received
        self.receivedText = receivedText
    }
}
