/// A parameter name with the value a rule used.
public struct ParameterValue: Sendable, Hashable, Codable {
    /// The parameter's name.
    public var name: ParameterName
    /// The value used in this evaluation.
    public var value: Double

    /// Creates a pair.
    public init(name: ParameterName, value: Double) {
        self.name = name
        self.value = value
    }
}

/// The outcome of one rule for one assessment: enough for staff to see why.
public struct RuleResult: Sendable, Hashable, Codable {
    /// The rule that was evaluated.
    public var rule: RuleID
    /// The colour this rule gives (green when it did not fire).
    public var colour: TriageColour
    /// The parameter names and values the rule used.
    public var parameters: [ParameterValue]
    /// What was observed, for staff, e.g. "gain 2.5 kg over 3 days: 72.5 → 75.0".
    public var observed: String
    /// True when a red result was held back at yellow until a second reading confirms it (principle 3).
    public var awaitingConfirmation: Bool
    /// True when the result repeats often enough to reach staff (Q1/W6 grey after repeats).
    public var repeated: Bool

    /// The signal of the rule.
    public var signal: Signal { rule.signal }

    /// Creates a result.
    public init(
        rule: RuleID, colour: TriageColour, parameters: [ParameterValue], observed: String,
        awaitingConfirmation: Bool = false, repeated: Bool = false
    ) {
        self.rule = rule
        self.colour = colour
        self.parameters = parameters
        self.observed = observed
        self.awaitingConfirmation = awaitingConfirmation
        self.repeated = repeated
    }
}

/// A rule that applied to the reading's kind but could not be evaluated, and why (e.g. no earlier morning).
public struct SkippedRule: Sendable, Hashable, Codable {
    /// The rule.
    public var rule: RuleID
    /// Why it was not evaluated.
    public var reason: String

    /// Creates a skip note.
    public init(rule: RuleID, reason: String) {
        self.rule = rule
        self.reason = reason
    }
}

/// Whether a deviating signal is a new alert or continues one already raised.
public struct AlertChange: Sendable, Hashable, Codable {
    /// New or continuing.
    public enum Status: String, Sendable, Hashable, Codable {
        /// A new alert: the store creates a worklist item.
        case new
        /// The signal was already alerted at this colour or higher and not acknowledged: no new item.
        case continuing
    }

    /// The deviating signal.
    public var signal: Signal
    /// The rule that produced it.
    public var rule: RuleID
    /// The colour of this assessment for the signal.
    public var colour: TriageColour
    /// New or continuing.
    public var status: Status

    /// Creates a change.
    public init(signal: Signal, rule: RuleID, colour: TriageColour, status: Status) {
        self.signal = signal
        self.rule = rule
        self.colour = colour
        self.status = status
    }
}

/// A patient message by id, with the values filled into its text.
public struct PatientMessage: Sendable, Hashable, Codable {
    /// Which text (see `Texts`).
    public var id: MessageID
    /// Values for the placeholders of the text, by placeholder name.
    public var arguments: [String: Double]

    /// Creates a message.
    public init(_ id: MessageID, _ arguments: [String: Double] = [:]) {
        self.id = id
        self.arguments = arguments
    }

    /// The text in the given language.
    public func text(in language: Language) -> String {
        Texts.render(self, in: language)
    }
}
