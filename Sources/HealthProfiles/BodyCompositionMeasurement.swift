/// Body Composition Measurement 0x2A9C (uint16 flags). Raw fields are kept; exact values via `MassUnit`.
///
/// A full measurement (30 bytes) exceeds one default-MTU indication, so servers may split it and set the
/// Multiple Packet flag (bit 12); each packet is decoded on its own and `multiplePacket` tells the caller
/// to merge. Body fat 0xFFFF = measurement unsuccessful: then only time stamp and user ID may follow.
public struct BodyCompositionMeasurement: Sendable, Hashable {
    /// The raw body fat value that means "measurement unsuccessful".
    public static let unsuccessfulRaw: UInt16 = 0xFFFF

    /// SI (kg/m) or imperial (lb/in).
    public var unit: MassUnit
    /// Body fat in 0.1 %; 0xFFFF = unsuccessful.
    public var bodyFatRaw: UInt16
    /// Multiple Packet Measurement flag (bit 12).
    public var multiplePacket: Bool
    /// Device time stamp (bit 1).
    public var timestamp: DateTime?
    /// User ID, 0xFF = unknown (bit 2).
    public var userID: UInt8?
    /// Basal metabolism in kJ (bit 3).
    public var basalMetabolism: UInt16?
    /// Muscle percentage in 0.1 % (bit 4).
    public var musclePercentageRaw: UInt16?
    /// Muscle mass, mass units (bit 5).
    public var muscleMassRaw: UInt16?
    /// Fat free mass, mass units (bit 6).
    public var fatFreeMassRaw: UInt16?
    /// Soft lean mass, mass units (bit 7).
    public var softLeanMassRaw: UInt16?
    /// Body water mass, mass units (bit 8).
    public var bodyWaterMassRaw: UInt16?
    /// Impedance in 0.1 Ω (bit 9).
    public var impedanceRaw: UInt16?
    /// Weight, mass units (bit 10).
    public var weightRaw: UInt16?
    /// Height in 0.001 m / 0.1 in (bit 11).
    public var heightRaw: UInt16?

    /// Creates a measurement with only the mandatory fields.
    public init(unit: MassUnit, bodyFatRaw: UInt16, multiplePacket: Bool = false) {
        self.unit = unit
        self.bodyFatRaw = bodyFatRaw
        self.multiplePacket = multiplePacket
    }

    /// True when body fat is 0xFFFF.
    public var measurementUnsuccessful: Bool { bodyFatRaw == Self.unsuccessfulRaw }
    /// Exact body fat percentage, nil when unsuccessful.
    public var bodyFatPercentage: ExactDecimal? {
        measurementUnsuccessful ? nil : ExactDecimal(significand: Int64(bodyFatRaw), exponent: -1)
    }

    /// The optional uint16 fields after user ID in flag-bit order (bit 3...11), for generic walking.
    public var optionalWords: [UInt16?] {
        [basalMetabolism, musclePercentageRaw, muscleMassRaw, fatFreeMassRaw, softLeanMassRaw, bodyWaterMassRaw,
         impedanceRaw, weightRaw, heightRaw]
    }

    /// Decodes one packet (4...30 bytes, exact length for its flags).
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> BodyCompositionMeasurement {
        let flags = try reader.readUInt16("flags")
        var value = BodyCompositionMeasurement(
            unit: flags & 0x0001 == 0 ? .si : .imperial, bodyFatRaw: try reader.readUInt16("body_fat_percentage"),
            multiplePacket: flags & 0x1000 != 0)
        if flags & 0x0002 != 0 { value.timestamp = try DateTime.read(from: &reader, field: "timestamp") }
        if flags & 0x0004 != 0 { value.userID = try reader.readUInt8("user_id") }
        if value.measurementUnsuccessful, flags & 0x0FF8 != 0 {
            throw .invalidCombination(
                field: "flags", reason: "only time stamp and user ID may follow body fat 0xFFFF (measurement unsuccessful)",
                offset: 0)
        }
        func word(_ bit: UInt16, _ field: StaticString, _ reader: inout ByteReader) throws(DecodeError) -> UInt16? {
            flags & bit != 0 ? try reader.readUInt16(field) : nil
        }
        value.basalMetabolism = try word(0x0008, "basal_metabolism", &reader)
        value.musclePercentageRaw = try word(0x0010, "muscle_percentage", &reader)
        value.muscleMassRaw = try word(0x0020, "muscle_mass", &reader)
        value.fatFreeMassRaw = try word(0x0040, "fat_free_mass", &reader)
        value.softLeanMassRaw = try word(0x0080, "soft_lean_mass", &reader)
        value.bodyWaterMassRaw = try word(0x0100, "body_water_mass", &reader)
        value.impedanceRaw = try word(0x0200, "impedance", &reader)
        value.weightRaw = try word(0x0400, "weight", &reader)
        value.heightRaw = try word(0x0800, "height", &reader)
        try reader.finish()
        return value
    }

    /// Encodes the packet; flags follow the optional fields present.
    public func encoded() -> [UInt8] {
        var flags: UInt16 = unit == .imperial ? 0x0001 : 0
        if timestamp != nil { flags |= 0x0002 }
        if userID != nil { flags |= 0x0004 }
        for (index, word) in optionalWords.enumerated() where word != nil { flags |= 0x0008 << UInt16(index) }
        if multiplePacket { flags |= 0x1000 }
        var writer = ByteWriter(capacity: 30)
        writer.write(flags)
        writer.write(bodyFatRaw)
        timestamp?.write(to: &writer)
        if let userID { writer.write(userID) }
        for case let word? in optionalWords { writer.write(word) }
        return writer.bytes
    }
}
