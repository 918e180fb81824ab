/// Weight Measurement 0x2A9D. Raw fields are kept; exact values come from `MassUnit`.
public struct WeightMeasurement: Sendable, Hashable {
    /// The raw weight value that means "measurement unsuccessful".
    public static let unsuccessfulRaw: UInt16 = 0xFFFF

    /// SI (kg/m) or imperial (lb/in).
    public var unit: MassUnit
    /// Raw weight: × 0.005 kg or × 0.01 lb; 0xFFFF = measurement unsuccessful.
    public var weightRaw: UInt16
    /// Device time stamp (flags bit 1).
    public var timestamp: DateTime?
    /// User ID, 0xFF = unknown (flags bit 2).
    public var userID: UInt8?
    /// BMI × 0.1 and height (× 0.001 m / × 0.1 in), present together (flags bit 3).
    public var bmiAndHeight: BMIAndHeight?

    /// BMI and height, which the flags announce together.
    public struct BMIAndHeight: Sendable, Hashable {
        /// BMI in 0.1 kg/m².
        public var bmiRaw: UInt16
        /// Height in 0.001 m or 0.1 in.
        public var heightRaw: UInt16
        /// Creates the pair.
        public init(bmiRaw: UInt16, heightRaw: UInt16) {
            self.bmiRaw = bmiRaw
            self.heightRaw = heightRaw
        }
        /// Exact BMI.
        public var bmi: ExactDecimal { ExactDecimal(significand: Int64(bmiRaw), exponent: -1) }
    }

    /// Creates a measurement.
    public init(unit: MassUnit, weightRaw: UInt16, timestamp: DateTime? = nil, userID: UInt8? = nil, bmiAndHeight: BMIAndHeight? = nil) {
        self.unit = unit
        self.weightRaw = weightRaw
        self.timestamp = timestamp
        self.userID = userID
        self.bmiAndHeight = bmiAndHeight
    }

    /// True when the scale reports "measurement unsuccessful" (raw 0xFFFF).
    public var measurementUnsuccessful: Bool { weightRaw == Self.unsuccessfulRaw }
    /// Exact weight in `unit.massSymbol`, nil when unsuccessful.
    public var weight: ExactDecimal? { measurementUnsuccessful ? nil : unit.mass(raw: weightRaw) }
    /// Exact height in `unit.heightSymbol`.
    public var height: ExactDecimal? { bmiAndHeight.map { unit.height(raw: $0.heightRaw) } }

    /// Decodes a whole payload (3...15 bytes). With weight 0xFFFF only time stamp and user ID may follow.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> WeightMeasurement {
        let flags = try reader.readUInt8("flags")
        var value = WeightMeasurement(unit: flags & 0x01 == 0 ? .si : .imperial, weightRaw: try reader.readUInt16("weight"))
        if flags & 0x02 != 0 { value.timestamp = try DateTime.read(from: &reader, field: "timestamp") }
        if flags & 0x04 != 0 { value.userID = try reader.readUInt8("user_id") }
        if flags & 0x08 != 0 {
            if value.measurementUnsuccessful {
                throw .invalidCombination(
                    field: "bmi", reason: "BMI and height must be absent when weight is 0xFFFF (measurement unsuccessful)",
                    offset: reader.offset)
            }
            let bmi = try reader.readUInt16("bmi")
            value.bmiAndHeight = BMIAndHeight(bmiRaw: bmi, heightRaw: try reader.readUInt16("height"))
        }
        try reader.finish()
        return value
    }

    /// Encodes the payload; flags follow the optional fields present.
    public func encoded() -> [UInt8] {
        var flags: UInt8 = unit == .imperial ? 0x01 : 0
        if timestamp != nil { flags |= 0x02 }
        if userID != nil { flags |= 0x04 }
        if bmiAndHeight != nil { flags |= 0x08 }
        var writer = ByteWriter(capacity: 15)
        writer.write(flags)
        writer.write(weightRaw)
        timestamp?.write(to: &writer)
        if let userID { writer.write(userID) }
        if let bmiAndHeight {
            writer.write(bmiAndHeight.bmiRaw)
            writer.write(bmiAndHeight.heightRaw)
        }
        return writer.bytes
    }
}
