/// Glucose Measurement 0x2A18: sequence number, base time (+ offset), concentration, sample, sensor status.
public struct GlucoseMeasurement: Sendable, Hashable {
    /// Concentration unit (flags bit 2).
    public enum Unit: Sendable, Hashable {
        /// kg/L.
        case kilogramPerLitre
        /// mol/L.
        case molePerLitre
        /// The JSON spelling.
        public var symbol: String { self == .kilogramPerLitre ? "kg/L" : "mol/L" }
    }

    /// Concentration, its unit and the type/sample-location nibbles (flags bit 1).
    public struct Concentration: Sendable, Hashable {
        /// Unit of `value`.
        public var unit: Unit
        /// The concentration (SFLOAT).
        public var value: MedFloat16
        /// Type (low nibble).
        public var type: UInt8
        /// Sample location (high nibble).
        public var sampleLocation: UInt8
        /// Creates a concentration.
        public init(unit: Unit, value: MedFloat16, type: UInt8, sampleLocation: UInt8) {
            self.unit = unit
            self.value = value
            self.type = type & 0x0F
            self.sampleLocation = sampleLocation & 0x0F
        }
    }

    /// Type names, codes 1...10; others reserved.
    public static let typeNames = [
        1: "capillary_whole_blood", 2: "capillary_plasma", 3: "venous_whole_blood", 4: "venous_plasma",
        5: "arterial_whole_blood", 6: "arterial_plasma", 7: "undetermined_whole_blood", 8: "undetermined_plasma",
        9: "interstitial_fluid", 10: "control_solution",
    ]
    /// Sample location names, codes 1...4 and 15; others reserved.
    public static let sampleLocationNames = [
        1: "finger", 2: "alternate_site_test", 3: "earlobe", 4: "control_solution", 15: "not_available",
    ]
    /// Sensor Status Annunciation names for bits 0...11 (12-15 RFU).
    public static let sensorStatusNames = [
        "device_battery_low", "sensor_malfunction", "sample_size_insufficient", "strip_insertion_error",
        "strip_type_incorrect", "result_too_high", "result_too_low", "temperature_too_high", "temperature_too_low",
        "read_interrupted", "general_device_fault", "time_fault",
    ]

    /// Sequence number.
    public var sequenceNumber: UInt16
    /// Base time (device local time).
    public var baseTime: DateTime
    /// Time offset in minutes, added to the base time (flags bit 0).
    public var timeOffset: Int16?
    /// Concentration with type and location (flags bit 1).
    public var concentration: Concentration?
    /// Sensor Status Annunciation bits (flags bit 3).
    public var sensorStatus: UInt16?
    /// A Glucose Measurement Context follows (flags bit 4).
    public var contextInformationFollows: Bool

    /// Creates a measurement.
    public init(
        sequenceNumber: UInt16, baseTime: DateTime, timeOffset: Int16? = nil, concentration: Concentration? = nil,
        sensorStatus: UInt16? = nil, contextInformationFollows: Bool = false
    ) {
        self.sequenceNumber = sequenceNumber
        self.baseTime = baseTime
        self.timeOffset = timeOffset
        self.concentration = concentration
        self.sensorStatus = sensorStatus
        self.contextInformationFollows = contextInformationFollows
    }

    /// Decodes a whole payload (10...17 bytes). RFU flag bits 5-7 ignored.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> GlucoseMeasurement {
        let flags = try reader.readUInt8("flags")
        let sequence = try reader.readUInt16("sequence_number")
        var value = GlucoseMeasurement(
            sequenceNumber: sequence, baseTime: try DateTime.read(from: &reader, field: "base_time"),
            contextInformationFollows: flags & 0x10 != 0)
        if flags & 0x01 != 0 { value.timeOffset = try reader.readInt16("time_offset") }
        if flags & 0x02 != 0 {
            let concentration = try reader.readSFloat("concentration")
            let typeAndLocation = try reader.readUInt8("type_sample_location")
            value.concentration = Concentration(
                unit: flags & 0x04 == 0 ? .kilogramPerLitre : .molePerLitre, value: concentration,
                type: typeAndLocation & 0x0F, sampleLocation: typeAndLocation >> 4)
        }
        if flags & 0x08 != 0 { value.sensorStatus = try reader.readUInt16("sensor_status_annunciation") }
        try reader.finish()
        return value
    }

    /// Encodes the payload.
    public func encoded() -> [UInt8] {
        var flags: UInt8 = contextInformationFollows ? 0x10 : 0
        if timeOffset != nil { flags |= 0x01 }
        if let concentration {
            flags |= 0x02
            if concentration.unit == .molePerLitre { flags |= 0x04 }
        }
        if sensorStatus != nil { flags |= 0x08 }
        var writer = ByteWriter(capacity: 17)
        writer.write(flags)
        writer.write(sequenceNumber)
        baseTime.write(to: &writer)
        if let timeOffset { writer.write(timeOffset) }
        if let concentration {
            writer.write(concentration.value)
            writer.write(concentration.sampleLocation << 4 | concentration.type & 0x0F)
        }
        if let sensorStatus { writer.write(sensorStatus) }
        return writer.bytes
    }
}
