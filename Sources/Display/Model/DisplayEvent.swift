/// A change the hub announces to its subscribers (one per open page).
public enum DisplayEvent: Sendable, Equatable {
    /// A new reading was committed and is now in the state.
    case reading(DisplayReading)
    /// The clinic messages changed.
    case messages([DisplayMessage])
    /// The trends changed.
    case trends(TrendSeries)
    /// A reading could not be stored: the page says so (box and status line).
    case notSaved(UnsavedReading)
    /// The connection state changed.
    case status(HubStatus)
    /// The contact request's state changed.
    case contact(ContactStatus)
    /// Several parts changed at once (e.g. the list was restored from the store at start).
    case refresh
    /// Nothing changed; keeps idle connections alive and finds dead clients.
    case heartbeat
}
