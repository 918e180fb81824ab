/// Unit of the pressure fields of 0x2A35/0x2A36 (flags bit 0). Pulse rate is always beats per minute.
public enum PressureUnit: Sendable, Hashable {
    /// Millimetres of mercury.
    case mmHg
    /// Kilopascal.
    case kPa

    /// The CLI/JSON spelling.
    public var symbol: String { self == .mmHg ? "mmHg" : "kPa" }
}

/// Blood Pressure Measurement 0x2A35; also the layout of Intermediate Cuff Pressure 0x2A36, where
/// `systolic` carries the current cuff pressure and diastolic/MAP are unused.
public struct BloodPressureMeasurement: Sendable, Hashable {
    /// Unit of systolic, diastolic and mean arterial pressure.
    public var unit: PressureUnit
    /// Systolic pressure (0x2A36: current cuff pressure).
    public var systolic: MedFloat16
    /// Diastolic pressure (0x2A36: unused).
    public var diastolic: MedFloat16
    /// Mean arterial pressure; may be NaN or 0 on real devices (0x2A36: unused).
    public var meanArterialPressure: MedFloat16
    /// Device time stamp (flags bit 1).
    public var timestamp: DateTime?
    /// Pulse rate in beats per minute (flags bit 2).
    public var pulseRate: MedFloat16?
    /// User ID, 0xFF = unknown user (flags bit 3).
    public var userID: UInt8?
    /// Measurement status (flags bit 4).
    public var status: BloodPressureMeasurementStatus?

    /// Creates a measurement.
    public init(
        unit: PressureUnit, systolic: MedFloat16, diastolic: MedFloat16, meanArterialPressure: MedFloat16,
        timestamp: DateTime? = nil, pulseRate: MedFloat16? = nil, userID: UInt8? = nil,
        status: BloodPressureMeasurementStatus? = nil
    ) {
        self.unit = unit
        self.systolic = systolic
        self.diastolic = diastolic
        self.meanArterialPressure = meanArterialPressure
        self.timestamp = timestamp
        self.pulseRate = pulseRate
        self.userID = userID
        self.status = status
    }

    /// Decodes a whole payload (7...19 bytes, exact length for its flags). RFU flag bits 5-7 are ignored.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> BloodPressureMeasurement {
        let flags = try reader.readUInt8("flags")
        let systolic = try reader.readSFloat("systolic")
        let diastolic = try reader.readSFloat("diastolic")
        let map = try reader.readSFloat("mean_arterial_pressure")
        var value = BloodPressureMeasurement(
            unit: flags & 0x01 == 0 ? .mmHg : .kPa, systolic: systolic, diastolic: diastolic, meanArterialPressure: map
        )
        if flags & 0x02 != 0 { value.timestamp = try DateTime.read(from: &reader, field: "timestamp") }
        if flags & 0x04 != 0 { value.pulseRate = try reader.readSFloat("pulse_rate") }
        if flags & 0x08 != 0 { value.userID = try reader.readUInt8("user_id") }
        if flags & 0x10 != 0 {
            value.status = BloodPressureMeasurementStatus(rawValue: try reader.readUInt16("measurement_status"))
        }
        try reader.finish()
        return value
    }

    /// Encodes the payload; flags follow the optional fields present.
    public func encoded() -> [UInt8] {
        var flags: UInt8 = unit == .kPa ? 0x01 : 0
        if timestamp != nil { flags |= 0x02 }
        if pulseRate != nil { flags |= 0x04 }
        if userID != nil { flags |= 0x08 }
        if status != nil { flags |= 0x10 }
        var writer = ByteWriter(capacity: 19)
        writer.write(flags)
        writer.write(systolic)
        writer.write(diastolic)
        writer.write(meanArterialPressure)
        timestamp?.write(to: &writer)
        if let pulseRate { writer.write(pulseRate) }
        if let userID { writer.write(userID) }
        if let status { writer.write(status.rawValue) }
        return writer.bytes
    }
}

/// Pulse rate range of the measurement status (bits 3-4).
public enum PulseRateRange: Sendable, Hashable {
    /// Within range.
    case within
    /// Exceeds the upper limit.
    case aboveUpper
    /// Below the lower limit.
    case belowLower
    /// Value 3, reserved.
    case reserved

    /// The JSON spelling.
    public var name: String {
        switch self {
        case .within: "within"
        case .aboveUpper: "above_upper"
        case .belowLower: "below_lower"
        case .reserved: "reserved"
        }
    }
}

/// Measurement Status of 0x2A35/0x2A36 (uint16; bits 6-15 RFU, kept in `rawValue` for round trips).
public struct BloodPressureMeasurementStatus: Sendable, Hashable {
    /// The 16 bits as received.
    public var rawValue: UInt16
    /// Wraps the raw bits.
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// Body movement detected.
    public var bodyMovement: Bool { rawValue & 0x01 != 0 }
    /// Cuff too loose.
    public var cuffTooLoose: Bool { rawValue & 0x02 != 0 }
    /// Irregular pulse detected.
    public var irregularPulse: Bool { rawValue & 0x04 != 0 }
    /// Pulse rate range.
    public var pulseRateRange: PulseRateRange {
        switch (rawValue >> 3) & 0x3 {
        case 0: .within
        case 1: .aboveUpper
        case 2: .belowLower
        default: .reserved
        }
    }
    /// Improper measurement position.
    public var improperPosition: Bool { rawValue & 0x20 != 0 }
}
