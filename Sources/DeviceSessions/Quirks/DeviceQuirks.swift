import HealthProfiles

/// How a device wants its clock set on connect.
public enum TimeWrite: Sendable, Hashable {
    /// Current Time 0x2A2B (CTS, 10 bytes: Date Time, day of week, fractions, adjust reason).
    case currentTime
    /// Date Time 0x2A08 (7 bytes); A&D places it inside the BP service 0x1810.
    case dateTime
}

/// A write of vendor bytes to a (possibly proprietary) characteristic, done before subscribing.
public struct VendorWrite: Sendable, Hashable {
    /// 128-bit characteristic UUID, lower case, as BlueZ reports it.
    public var characteristicUUID: String
    public var bytes: [UInt8]
    /// Why the device needs it (for logs).
    public var purpose: String

    /// Creates a vendor write.
    public init(characteristicUUID: String, bytes: [UInt8], purpose: String) {
        self.characteristicUUID = characteristicUUID.lowercased()
        self.bytes = bytes
        self.purpose = purpose
    }
}

/// The proprietary layout a device family sends on a SIG characteristic.
public enum ProprietaryLayout: Sendable, Hashable {
    /// Xiaomi Mi Body Composition Scale 2: 13-byte frames on 0x2A9C (openScale MiScaleHandler `parseLive13`).
    case xiaomiMiScale13
    /// Renpho ES-WBE28: 0x2A9D frames starting 0x2E; layout not verified, so refused.
    case renphoWeight
}

/// What the hub must do differently for one device model (see shared/reference/device-quirks.md).
/// The default value is a standards-conforming device.
public struct DeviceQuirks: Sendable, Hashable {
    /// Short family name for logs ("omron", "a&d", "beurer-bp", "standard", ...).
    public var family: String
    /// Beurer/Sanitas cuffs (BM48, BM59, BM85, ELITE900): 0x2A35 pulse SFLOAT and status uint16 are
    /// big-endian and the user-ID byte is present whatever flag bit 3 says.
    public var bigEndianPulseAndStatus: Bool
    /// Set the device clock on every connection, in this format, before subscribing (A&D, Omron).
    /// Nil: write only when the device's clock is unknown or off.
    public var timeWrite: TimeWrite?
    /// Rest between service discovery and subscribing (Beurer BM85 stays silent otherwise).
    public var settleBeforeSubscribe: Duration
    /// Vendor writes before the time write (A&D: `02 00 E1` "send all data").
    public var vendorWrites: [VendorWrite]
    /// Proprietary payloads carried on SIG characteristics.
    public var proprietary: [Characteristic: ProprietaryLayout]
    /// What the technician must do to put the device in pairing mode, in plain words.
    public var pairingHint: String

    /// Creates quirks; every argument defaults to standard behaviour.
    public init(
        family: String = "standard", bigEndianPulseAndStatus: Bool = false, timeWrite: TimeWrite? = nil,
        settleBeforeSubscribe: Duration = .zero, vendorWrites: [VendorWrite] = [],
        proprietary: [Characteristic: ProprietaryLayout] = [:],
        pairingHint: String = "Put the device in pairing mode (see its manual), then try again."
    ) {
        self.family = family
        self.bigEndianPulseAndStatus = bigEndianPulseAndStatus
        self.timeWrite = timeWrite
        self.settleBeforeSubscribe = settleBeforeSubscribe
        self.vendorWrites = vendorWrites
        self.proprietary = proprietary
        self.pairingHint = pairingHint
    }

    /// A standards-conforming device.
    public static let standard = DeviceQuirks()
}
