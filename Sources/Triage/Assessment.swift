import Foundation

/// The result of triaging one reading (or of a missing-data check).
public struct Assessment: Sendable, Hashable, Codable {
    /// The assessed reading, or `nil` for a missing-data check.
    public var readingID: String?
    /// The reading's time, or `now` for a missing-data check.
    public var time: Date
    /// The patient-facing colour: the worst rule result.
    public var colour: TriageColour
    /// The rule set used, e.g. `hf-default-2025.1`.
    public var ruleSet: String
    /// Every rule evaluated, with its colour, parameters and observations (green ones included).
    public var results: [RuleResult]
    /// Rules that applied but could not be evaluated, with the reason.
    public var skipped: [SkippedRule]
    /// Priority for the clinic worklist: none, normal (yellow, repeated grey) or high (red).
    public var worklist: WorklistPriority
    /// New or continuing alerts, one per deviating signal.
    public var alerts: [AlertChange]
    /// Signals that returned to green in this assessment (their alerts are closed).
    public var cleared: [Signal]
    /// The patient messages, in display order.
    public var messages: [PatientMessage]
    /// The language of `text`.
    public var language: Language
    /// The patient-facing text in `language`.
    public var text: String

    /// The rules that fired (not green).
    public var fired: [RuleResult] { results.filter { $0.colour != .green } }

    /// True when the store should create a worklist item: a new alert with a worklist priority.
    public var raisesWorklistItem: Bool {
        worklist != .none && alerts.contains { $0.status == .new }
    }
}

/// What `TriageEngine.assess` and `TriageEngine.missingData` return: the assessment and the alert state to persist.
public struct TriageOutcome: Sendable, Hashable, Codable {
    /// The assessment.
    public var assessment: Assessment
    /// The patient's alert state after this assessment; store it and pass it to the next call.
    public var alertState: AlertState
}
