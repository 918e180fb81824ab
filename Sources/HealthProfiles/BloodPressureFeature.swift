/// Blood Pressure Feature 0x2A49 (uint16). Bits 9-15 are RFU and kept only in `rawValue`.
public struct BloodPressureFeature: Sendable, Hashable {
    /// The 16 bits as read.
    public var rawValue: UInt16
    /// Wraps the raw bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Feature names in bit order (bits 0...8), as printed by the CLI.
    public static let names = [
        "body_movement_detection", "cuff_fit_detection", "irregular_pulse_detection", "pulse_rate_range_detection",
        "measurement_position_detection", "multiple_bond", "e2e_crc", "user_data_service", "user_facing_time",
    ]

    /// Whether feature bit `bit` (0...8) is set.
    public func supports(bit: Int) -> Bool { rawValue & (1 << UInt16(bit)) != 0 }

    /// Decodes exactly 2 bytes.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> BloodPressureFeature {
        let value = BloodPressureFeature(rawValue: try reader.readUInt16("features"))
        try reader.finish()
        return value
    }

    /// Encodes the 2 bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(rawValue)
        return writer.bytes
    }
}
