import Foundation

/// Holds what the display shows and fans changes out to every open page.
///
/// The pipeline calls `publish(_:)` only after the reading's SQLite transaction has committed, so
/// the patient never sees a value that could still be lost. Publishing never waits for a page:
/// each subscriber has a bounded buffer that keeps the newest events, and a page that falls behind
/// simply re-fetches the state (events only say *that* something changed).
public actor DisplayHub {
    /// How many readings the "last readings" list keeps (including the latest).
    public let recentLimit: Int
    /// How many undelivered events one subscriber may hold before the oldest are dropped.
    public let subscriberBufferSize: Int
    /// What the page shows now.
    public private(set) var state: DisplayState
    /// Events dropped because a subscriber was slow (for metrics and tests).
    public private(set) var droppedEvents: Int = 0

    private var subscribers: [UInt64: AsyncStream<DisplayEvent>.Continuation] = [:]
    private var nextSubscriberID: UInt64 = 0
    private var isFinished = false

    /// Creates a hub with an empty state.
    public init(
        language: DisplayLanguage = .sv, status: HubStatus = .starting, trends: TrendSeries,
        recentLimit: Int = 5, subscriberBufferSize: Int = 16
    ) {
        self.recentLimit = max(1, recentLimit)
        self.subscriberBufferSize = max(1, subscriberBufferSize)
        self.state = DisplayState(trends: trends, language: language, status: status)
    }

    /// Number of open subscriptions (pages listening to `/events`).
    public var subscriberCount: Int { subscribers.count }

    /// Shows a committed reading: the list keeps the newest `recentLimit` by measurement time, and the
    /// big box shows the newest of them (an old reading resent from a cuff's memory does not replace
    /// a newer one). Publishing the same id again replaces the earlier copy.
    public func publish(_ reading: DisplayReading) {
        var recent = state.recent.filter { $0.id != reading.id }
        recent.append(reading)
        recent.sort { $0.time > $1.time }
        state.recent = Array(recent.prefix(recentLimit))
        state.latest = state.recent.first
        // A published reading was committed: the store works again.
        let recovered = state.storageProblem || state.unsaved != nil
        state.unsaved = nil
        state.storageProblem = false
        bumpAndSend(.reading(reading))
        if recovered { bumpAndSend(.status(state.status)) }
    }

    /// The readings with these ids that are on the page now (the big box or the list).
    public func shownReadings(ids: Set<String>) -> [DisplayReading] {
        state.recent.filter { ids.contains($0.id) }
    }

    /// Replaces a reading that is on the page with a new rendering of it (e.g. its text once the
    /// clinic has the value), in place: the order, the big box's choice and the storage notices stay
    /// as they are. A reading that is not on the page any more is left alone.
    public func update(_ reading: DisplayReading) {
        guard let index = state.recent.firstIndex(where: { $0.id == reading.id }) else { return }
        state.recent[index] = reading
        if state.latest?.id == reading.id { state.latest = reading }
        bumpAndSend(.refresh)
    }

    /// Tells the patient that a reading could NOT be stored: the big box says so (no value) and the
    /// status line shows a storage problem until the next `publish` (the next successful commit).
    public func reportNotSaved(_ unsaved: UnsavedReading) {
        state.unsaved = unsaved
        state.storageProblem = true
        bumpAndSend(.notSaved(unsaved))
    }

    /// Replaces the readings shown (e.g. the last readings loaded from the store at start-up, or
    /// re-published at midnight so texts like "i dag" stay true).
    public func setRecent(_ readings: [DisplayReading]) {
        var seen = Set<String>()
        let unique = readings.sorted { $0.time > $1.time }.filter { seen.insert($0.id).inserted }
        state.recent = Array(unique.prefix(recentLimit))
        state.latest = state.recent.first
        bumpAndSend(.refresh)
    }

    /// Replaces the clinic messages (shown newest first).
    public func setMessages(_ messages: [DisplayMessage]) {
        state.messages = messages.sorted { $0.sent > $1.sent }
        bumpAndSend(.messages(state.messages))
    }

    /// Replaces the 14-day trends.
    public func setTrends(_ trends: TrendSeries) {
        state.trends = trends
        bumpAndSend(.trends(trends))
    }

    /// Sets the connection state shown to the patient.
    public func setStatus(_ status: HubStatus) {
        guard status != state.status else { return }
        state.status = status
        bumpAndSend(.status(status))
    }

    /// Sets what the page says about the patient's contact request.
    public func setContact(_ contact: ContactStatus) {
        guard contact != state.contact else { return }
        state.contact = contact
        bumpAndSend(.contact(contact))
    }

    /// Sends a heartbeat to every subscriber; a write to a dead client then fails and ends it.
    public func heartbeat() {
        send(.heartbeat)
    }

    /// A new stream of events for one page. It ends when the consumer stops iterating (the client
    /// disconnected or its task was cancelled) or when the hub finishes.
    public func subscribe() -> AsyncStream<DisplayEvent> {
        let (stream, continuation) = AsyncStream<DisplayEvent>.makeStream(
            bufferingPolicy: .bufferingNewest(subscriberBufferSize)
        )
        guard !isFinished else {
            continuation.finish()
            return stream
        }
        let id = nextSubscriberID
        nextSubscriberID &+= 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeSubscriber(id) }
        }
        return stream
    }

    /// Ends every subscription (at shutdown, so open pages don't hold the server up); later
    /// subscriptions end at once. A hub serves one server lifetime.
    public func finish() {
        isFinished = true
        let open = subscribers.values
        subscribers.removeAll()
        for continuation in open { continuation.finish() }
    }

    private func removeSubscriber(_ id: UInt64) {
        subscribers[id] = nil
    }

    private func bumpAndSend(_ event: DisplayEvent) {
        state.revision &+= 1
        send(event)
    }

    private func send(_ event: DisplayEvent) {
        for continuation in subscribers.values {
            if case .dropped = continuation.yield(event) {
                droppedEvents += 1
            }
        }
    }
}
