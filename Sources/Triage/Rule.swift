/// Identifier of a rule in CLINICAL.md §5b.
public enum RuleID: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CodingKeyRepresentable {
    case w1 = "W1", w2 = "W2", w3 = "W3", w4 = "W4", w5 = "W5", w6 = "W6"
    case b1 = "B1", b2 = "B2", b3 = "B3"
    case h1 = "H1", h2 = "H2"
    case q1 = "Q1", m1 = "M1", c1 = "C1"

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool {
        let order = allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }

    /// The signal this rule watches; alerts are suppressed per signal.
    public var signal: Signal {
        switch self {
        case .w1: .weightGain3d
        case .w2: .weightGain1d
        case .w3: .weightGain7d
        case .w4: .weightAboveTarget
        case .w5: .weightLoss
        case .w6: .weightPlausibility
        case .b1: .systolic
        case .b2: .diastolic
        case .b3: .systolicBelowBaseline
        case .h1: .pulseRate
        case .h2: .irregularPulse
        case .q1: .measurementQuality
        case .m1: .missingWeight
        case .c1: .combination
        }
    }
}

/// A monitored signal. An alert for a signal is not repeated until the signal clears (CLINICAL.md §5c).
public enum Signal: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    case weightGain1d = "weight.gain_1d"
    case weightGain3d = "weight.gain_3d"
    case weightGain7d = "weight.gain_7d"
    case weightAboveTarget = "weight.above_target"
    case weightLoss = "weight.loss_3d"
    case weightPlausibility = "weight.plausibility"
    case systolic = "bp.systolic"
    case diastolic = "bp.diastolic"
    case systolicBelowBaseline = "bp.systolic_below_baseline"
    case pulseRate = "pulse.rate"
    case irregularPulse = "pulse.irregular"
    case measurementQuality = "measurement.quality"
    case missingWeight = "weight.missing"
    case combination = "combination"
}

/// One row of the rule table, as data: what the rule looks at, when each colour applies, and which parameters it uses.
public struct Rule: Sendable, Hashable, Codable {
    /// The rule's id (W1…C1).
    public var id: RuleID
    /// What the rule compares.
    public var title: String
    /// When the rule is green (empty when the rule has no green outcome).
    public var green: String
    /// When the rule is yellow (worklist, normal priority).
    public var yellow: String
    /// When the rule is red (worklist, high priority), or grey for the data-quality rules.
    public var red: String
    /// The parameters the rule reads.
    public var parameters: [ParameterName]
    /// Where the rule comes from (CLINICAL.md §5b).
    public var sources: String

    /// The signal the rule watches.
    public var signal: Signal { id.signal }
}
