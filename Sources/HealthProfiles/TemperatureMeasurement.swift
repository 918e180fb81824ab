/// Temperature Measurement 0x2A1C (Health Thermometer): FLOAT value in °C or °F, time stamp, type.
public struct TemperatureMeasurement: Sendable, Hashable {
    /// Temperature unit (flags bit 0).
    public enum Unit: Sendable, Hashable {
        /// Degrees Celsius ("Cel", UCUM).
        case celsius
        /// Degrees Fahrenheit ("degF", UCUM).
        case fahrenheit
        /// The JSON spelling.
        public var symbol: String { self == .celsius ? "Cel" : "degF" }
    }

    /// Temperature type names for codes 1...9; other codes are reserved.
    public static let typeNames = [
        1: "armpit", 2: "body", 3: "ear", 4: "finger", 5: "gastrointestinal_tract", 6: "mouth", 7: "rectum", 8: "toe",
        9: "tympanum",
    ]

    /// Unit of `temperature`.
    public var unit: Unit
    /// The temperature (FLOAT, may be a special value).
    public var temperature: MedFloat32
    /// Device time stamp (flags bit 1).
    public var timestamp: DateTime?
    /// Temperature type code (flags bit 2); reserved codes are kept and printed as "reserved".
    public var temperatureType: UInt8?

    /// Creates a measurement.
    public init(unit: Unit, temperature: MedFloat32, timestamp: DateTime? = nil, temperatureType: UInt8? = nil) {
        self.unit = unit
        self.temperature = temperature
        self.timestamp = timestamp
        self.temperatureType = temperatureType
    }

    /// Decodes a whole payload (5...13 bytes). RFU flag bits 3-7 ignored.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> TemperatureMeasurement {
        let flags = try reader.readUInt8("flags")
        var value = TemperatureMeasurement(
            unit: flags & 0x01 == 0 ? .celsius : .fahrenheit, temperature: try reader.readFloat("temperature"))
        if flags & 0x02 != 0 { value.timestamp = try DateTime.read(from: &reader, field: "timestamp") }
        if flags & 0x04 != 0 { value.temperatureType = try reader.readUInt8("temperature_type") }
        try reader.finish()
        return value
    }

    /// Encodes the payload.
    public func encoded() -> [UInt8] {
        var flags: UInt8 = unit == .fahrenheit ? 0x01 : 0
        if timestamp != nil { flags |= 0x02 }
        if temperatureType != nil { flags |= 0x04 }
        var writer = ByteWriter(capacity: 13)
        writer.write(flags)
        writer.write(temperature)
        timestamp?.write(to: &writer)
        if let temperatureType { writer.write(temperatureType) }
        return writer.bytes
    }
}
