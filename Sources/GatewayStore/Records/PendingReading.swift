/// A reading with its assessment and alert-state update, for ``HubStore/commit(batch:)``.
public struct PendingReading: Hashable, Sendable {
    public var reading: NewReading
    public var assessment: NewAssessment
    /// Signal → JSON state from triage, opaque to the store.
    public var alertState: [String: String]
    /// The reading's resource identifiers for its outbox row (see
    /// ``HubStore/commit(reading:assessment:alertState:identifiersJSON:)``).
    public var identifiersJSON: String

    public init(
        reading: NewReading, assessment: NewAssessment, alertState: [String: String] = [:], identifiersJSON: String = "{}"
    ) {
        self.reading = reading
        self.assessment = assessment
        self.alertState = alertState
        self.identifiersJSON = identifiersJSON
    }
}
