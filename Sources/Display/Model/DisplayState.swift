import Foundation

/// Language of the page's own texts (Triage texts come already localized).
public enum DisplayLanguage: String, Sendable, Codable, CaseIterable {
    case sv
    case en
}

/// The hub's connection state as the patient sees it; never carries personal data.
public enum HubStatus: String, Sendable, Codable, CaseIterable {
    /// Readings reach the clinic.
    case connected
    /// No connection to the clinic; readings are kept on the hub and sent later.
    case offline
    /// The hub forwards nothing: no clinic's store is configured. Readings are kept on the hub only.
    case notConnected
    /// The hub is starting or has no device yet.
    case starting
}

/// Everything the page shows. The hub keeps one; `/state.json` serves it.
public struct DisplayState: Sendable, Codable, Equatable {
    /// Newest reading by measurement time, nil before the first one.
    public var latest: DisplayReading?
    /// Newest first, at most `DisplayHub.recentLimit` readings (including `latest`).
    public var recent: [DisplayReading]
    /// The 14-day trends.
    public var trends: TrendSeries
    /// Clinic messages, newest first.
    public var messages: [DisplayMessage]
    /// Language of the page's texts.
    public var language: DisplayLanguage
    /// Connection state.
    public var status: HubStatus
    /// Increases with every change; lets the page drop stale fragments.
    public var revision: UInt64
    /// The newest reading the hub could not store, shown in the big box until a reading is stored.
    public var unsaved: UnsavedReading?
    /// True from a failed commit until the next successful one: the status line says new values
    /// are not being saved.
    public var storageProblem: Bool
    /// The patient's "please call me": whether it can be sent, is being sent, or arrived.
    public var contact: ContactStatus

    /// Creates a display state.
    public init(
        latest: DisplayReading? = nil, recent: [DisplayReading] = [], trends: TrendSeries,
        messages: [DisplayMessage] = [], language: DisplayLanguage = .sv, status: HubStatus = .starting,
        revision: UInt64 = 0, unsaved: UnsavedReading? = nil, storageProblem: Bool = false,
        contact: ContactStatus = .unavailable
    ) {
        self.contact = contact
        self.latest = latest
        self.recent = recent
        self.trends = trends
        self.messages = messages
        self.language = language
        self.status = status
        self.revision = revision
        self.unsaved = unsaved
        self.storageProblem = storageProblem
    }
}
