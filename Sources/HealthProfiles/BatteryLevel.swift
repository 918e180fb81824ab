/// Battery Level 0x2A19: percent 0...100 (101...255 reserved).
public struct BatteryLevel: Sendable, Hashable {
    /// Percent, 0...100.
    public var percent: UInt8
    /// Creates a level (not validated; the decoder validates).
    public init(percent: UInt8) { self.percent = percent }

    /// Decodes exactly 1 byte.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> BatteryLevel {
        let level = try reader.readUInt8("battery_level")
        try reader.finish()
        guard level <= 100 else { throw .reservedValue(field: "battery_level", value: UInt32(level), offset: 0) }
        return BatteryLevel(percent: level)
    }

    /// Encodes the byte.
    public func encoded() -> [UInt8] { [percent] }
}
