import Foundation

/// Binds a device (and, for multi-user devices, one user index on it) to a patient.
public struct Assignment: Hashable, Sendable {
    public var id: Int64
    public var deviceAddress: String
    /// Logical patient id given by the clinic (never a personnummer).
    public var patientID: String
    /// User slot on a multi-user cuff or scale; nil means the whole device.
    public var userIndex: Int?
    public var assignedAt: Date
    public var assignedBy: String
    /// Set when the assignment ended; readings are then no longer accepted for it.
    public var revokedAt: Date?

    public init(
        id: Int64, deviceAddress: String, patientID: String, userIndex: Int?,
        assignedAt: Date, assignedBy: String, revokedAt: Date?
    ) {
        self.id = id
        self.deviceAddress = deviceAddress
        self.patientID = patientID
        self.userIndex = userIndex
        self.assignedAt = assignedAt
        self.assignedBy = assignedBy
        self.revokedAt = revokedAt
    }
}
