/// Body Composition Feature 0x2A9B (uint32). Reserved resolution codes are rejected; bits 18-31 RFU ignored.
public struct BodyCompositionFeature: Sendable, Hashable {
    /// The 32 bits as read.
    public var rawValue: UInt32
    /// Wraps the raw bits (not validated).
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Supported-field names for bits 0...10, as printed by the CLI.
    public static let names = [
        "time_stamp", "multiple_users", "basal_metabolism", "muscle_percentage", "muscle_mass", "fat_free_mass",
        "soft_lean_mass", "body_water_mass", "impedance", "weight", "height",
    ]

    /// Whether bit `bit` (0...10) is set.
    public func supports(bit: Int) -> Bool { rawValue & (1 << UInt32(bit)) != 0 }
    /// Mass resolution code (bits 11-14).
    public var massResolutionCode: Int { Int((rawValue >> 11) & 0xF) }
    /// Height resolution code (bits 15-17).
    public var heightResolutionCode: Int { Int((rawValue >> 15) & 0x7) }

    /// Decodes exactly 4 bytes.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> BodyCompositionFeature {
        let value = BodyCompositionFeature(rawValue: try reader.readUInt32("features"))
        try reader.finish()
        if value.massResolutionCode > 7 {
            throw .reservedValue(field: "mass_resolution", value: UInt32(value.massResolutionCode), offset: 1)
        }
        if value.heightResolutionCode > 3 {
            throw .reservedValue(field: "height_resolution", value: UInt32(value.heightResolutionCode), offset: 1)
        }
        return value
    }

    /// Encodes the 4 bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(rawValue)
        return writer.bytes
    }
}
