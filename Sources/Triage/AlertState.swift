import Foundation

/// Per-signal alert memory of one patient, so an alert is not repeated until its signal clears.
///
/// Codable: the store keeps it as JSON per patient (an object keyed by signal name) and passes it
/// back on the next call. It is small (at most one entry per `Signal`).
public struct AlertState: Sendable, Hashable, Codable {
    /// The active (raised, not yet cleared) alerts by signal.
    public var active: [Signal: ActiveAlert]

    /// Creates a state.
    public init(active: [Signal: ActiveAlert] = [:]) {
        self.active = active
    }

    /// No active alerts.
    public static let empty = AlertState()

    /// Marks a signal's alert as acknowledged by the clinic; its next deviation raises a new alert.
    public mutating func acknowledge(_ signal: Signal) {
        active[signal]?.acknowledged = true
    }
}

/// The memory of one raised alert.
public struct ActiveAlert: Sendable, Hashable, Codable {
    /// The highest colour alerted for this signal since it was last clear.
    public var colour: TriageColour
    /// When the alert was (last) raised.
    public var since: Date
    /// The rule that raised it.
    public var rule: RuleID
    /// True once the clinic has acknowledged it.
    public var acknowledged: Bool

    /// Creates an entry.
    public init(colour: TriageColour, since: Date, rule: RuleID, acknowledged: Bool = false) {
        self.colour = colour
        self.since = since
        self.rule = rule
        self.acknowledged = acknowledged
    }
}
