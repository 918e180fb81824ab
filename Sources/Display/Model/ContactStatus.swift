/// Where the patient's "please call me" stands, as the page shows it.
public enum ContactStatus: String, Sendable, Codable, CaseIterable {
    /// The hub is linked to no clinic: pressing the button says plainly that it cannot be sent.
    case unavailable
    /// The button is there to press.
    case ready
    /// Stored on the hub, not yet accepted by the clinic's store ("skickas …").
    case sending
    /// The clinic's store accepted it ("Mottagningen har fått din begäran").
    case received
}

/// What the page's buttons do; the daemon supplies it (the display knows no store and no clinic).
public struct DisplayActions: Sendable {
    /// Stores a contact request and has it sent; false when it could not even be stored.
    public var requestContact: @Sendable () async -> Bool

    public init(requestContact: @escaping @Sendable () async -> Bool) {
        self.requestContact = requestContact
    }
}
