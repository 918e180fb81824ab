/// A reading with its assessment and alert-state update, for ``HubStore/commit(batch:)``.
public struct PendingReading: Hashable, Sendable {
    public var reading: NewReading
    public var assessment: NewAssessment
    /// Signal → JSON state from triage, opaque to the store.
    public var alertState: [String: String]

    public init(reading: NewReading, assessment: NewAssessment, alertState: [String: String] = [:]) {
        self.reading = reading
        self.assessment = assessment
        self.alertState = alertState
    }
}
