/// Patient-facing colour of an assessment.
public enum AssessmentColour: String, Hashable, Sendable, CaseIterable {
    case green, yellow, red
    /// "Measure again": invalid measurement, not a clinical state.
    case grey
}

/// Where an assessment lands on the clinic worklist.
public enum WorklistPriority: String, Hashable, Sendable, CaseIterable {
    case none, normal, high
}

/// The triage outcome stored with a reading. The store treats the JSON texts as opaque.
public struct NewAssessment: Hashable, Sendable {
    public var colour: AssessmentColour
    /// Ids of the rules that fired (e.g. `W1`, `B1`).
    public var ruleIDs: [String]
    /// Parameter values used, as a JSON object.
    public var parametersJSON: String
    /// Observed values and reasons, as JSON.
    public var observationsJSON: String
    /// e.g. `hf-default-2025.1`.
    public var rulesetVersion: String
    public var textSV: String
    public var textEN: String
    public var priority: WorklistPriority
    /// True when this assessment raised a new alert (not a repeat of a standing one).
    public var newAlert: Bool

    public init(
        colour: AssessmentColour, ruleIDs: [String], parametersJSON: String, observationsJSON: String,
        rulesetVersion: String, textSV: String, textEN: String, priority: WorklistPriority, newAlert: Bool
    ) {
        self.colour = colour
        self.ruleIDs = ruleIDs
        self.parametersJSON = parametersJSON
        self.observationsJSON = observationsJSON
        self.rulesetVersion = rulesetVersion
        self.textSV = textSV
        self.textEN = textEN
        self.priority = priority
        self.newAlert = newAlert
    }
}

/// A stored reading with its assessment.
public struct StoredReading: Hashable, Sendable {
    public var id: ReadingID
    public var reading: NewReading
    /// Nil only for rows written outside ``HubStore/commit(reading:assessment:alertState:identifiersJSON:)``.
    public var assessment: NewAssessment?

    public init(id: ReadingID, reading: NewReading, assessment: NewAssessment?) {
        self.id = id
        self.reading = reading
        self.assessment = assessment
    }
}
