import Triage

/// The colour of a worklist item. There is no green: a green reading cannot be put on the worklist.
public enum DeviationColour: String, Sendable, Hashable, CaseIterable, Comparable {
    /// "Mät igen": the measurement failed repeatedly (CLINICAL.md §5, principle 1).
    case grey
    case yellow
    case red

    /// The worklist colour of a triage colour; nil for green.
    public init?(_ colour: TriageColour) {
        switch colour {
        case .green: return nil
        case .grey: self = .grey
        case .yellow: self = .yellow
        case .red: self = .red
        }
    }

    var severity: Int {
        switch self {
        case .grey: 0
        case .yellow: 1
        case .red: 2
        }
    }

    public static func < (lhs: DeviationColour, rhs: DeviationColour) -> Bool { lhs.severity < rhs.severity }
}
