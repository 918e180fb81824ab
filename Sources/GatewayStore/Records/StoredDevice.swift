import Foundation

/// What kind of measuring device a paired peripheral is.
public enum DeviceKind: String, Hashable, Sendable, CaseIterable {
    case cuff, scale, other
}

/// A paired BLE device as the hub knows it (Device Information Service strings where read).
public struct StoredDevice: Hashable, Sendable {
    /// BLE address as BlueZ reports it (`AA:BB:CC:DD:EE:FF`); stored upper-case.
    public var address: String
    public var kind: DeviceKind
    public var model: String?
    public var manufacturer: String?
    public var serial: String?
    public var firmware: String?
    public var pairedAt: Date
    /// Who paired it (technician id), never a patient identifier.
    public var pairedBy: String
    /// When a technician forgot it (bond removed, assignments revoked); nil while it is paired.
    public var forgottenAt: Date?

    public init(
        address: String, kind: DeviceKind, model: String? = nil, manufacturer: String? = nil,
        serial: String? = nil, firmware: String? = nil, pairedAt: Date, pairedBy: String, forgottenAt: Date? = nil
    ) {
        self.address = address
        self.kind = kind
        self.model = model
        self.manufacturer = manufacturer
        self.serial = serial
        self.firmware = firmware
        self.pairedAt = pairedAt
        self.pairedBy = pairedBy
        self.forgottenAt = forgottenAt
    }
}
