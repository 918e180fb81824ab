import Foundation

/// One entry of the per-patient threshold audit trail.
public struct ThresholdChange: Hashable, Sendable {
    public var patientID: String
    /// Triage parameter name, e.g. `weight.gain_3d_kg`.
    public var parameter: String
    /// Nil when the patient had no override before.
    public var oldValue: Double?
    /// Nil when the override was cleared (the default applies again).
    public var newValue: Double?
    public var changedBy: String
    public var changedAt: Date
    public var reason: String

    public init(
        patientID: String, parameter: String, oldValue: Double?, newValue: Double?,
        changedBy: String, changedAt: Date, reason: String
    ) {
        self.patientID = patientID
        self.parameter = parameter
        self.oldValue = oldValue
        self.newValue = newValue
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }
}
