/// The patient-facing colour of an assessment (CLINICAL.md §5, principle 1).
///
/// Ordered by how much attention it needs: green < grey < yellow < red. Grey ("measure again")
/// sits below yellow because it says nothing clinical about the patient, only about the measurement.
public enum TriageColour: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case green
    case grey
    case yellow
    case red

    var severity: Int {
        switch self {
        case .green: 0
        case .grey: 1
        case .yellow: 2
        case .red: 3
        }
    }

    public static func < (lhs: TriageColour, rhs: TriageColour) -> Bool {
        lhs.severity < rhs.severity
    }
}

/// Clinic worklist priority of an assessment: only deviating values reach staff.
public enum WorklistPriority: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case none
    case normal
    case high

    var rank: Int {
        switch self {
        case .none: 0
        case .normal: 1
        case .high: 2
        }
    }

    public static func < (lhs: WorklistPriority, rhs: WorklistPriority) -> Bool {
        lhs.rank < rhs.rank
    }
}

/// Language of the patient-facing text, chosen by configuration.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case swedish = "sv"
    case english = "en"
}
