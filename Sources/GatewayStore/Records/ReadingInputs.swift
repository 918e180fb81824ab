import Foundation

/// Everything the reading pipeline reads from the store before it judges one reading, read in one go
/// (see ``HubStore/readingInputs(for:)``).
public struct ReadingInputs: Hashable, Sendable {
    /// The patient of the active assignment of the reading's device slot, by the rule of
    /// ``HubStore/activeAssignment(address:userIndex:)``; nil when the slot is unassigned.
    public var assignedPatient: String?
    /// The stored reading this one duplicates (resent memory); when set, thresholds and alert state
    /// were not read (they are empty).
    public var duplicate: ReadingID?
    /// The threshold overrides of the reading's patient, as ``HubStore/thresholds(patient:)``.
    public var thresholds: [String: Double]
    /// The alert state of the reading's patient per signal, as ``HubStore/alertStates(patient:)``.
    public var alertStates: [String: String]

    public init(
        assignedPatient: String?, duplicate: ReadingID?, thresholds: [String: Double], alertStates: [String: String]
    ) {
        self.assignedPatient = assignedPatient
        self.duplicate = duplicate
        self.thresholds = thresholds
        self.alertStates = alertStates
    }
}
