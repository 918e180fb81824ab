/// System ID 0x2A23: 40-bit manufacturer-defined identifier and 24-bit Organizationally Unique Identifier.
public struct SystemID: Sendable, Hashable {
    /// Manufacturer Identifier (uint40).
    public var manufacturerIdentifier: UInt64
    /// Organizationally Unique Identifier (uint24).
    public var organizationallyUniqueIdentifier: UInt32

    /// Creates a System ID (values are truncated to 40 and 24 bits on encoding).
    public init(manufacturerIdentifier: UInt64, organizationallyUniqueIdentifier: UInt32) {
        self.manufacturerIdentifier = manufacturerIdentifier
        self.organizationallyUniqueIdentifier = organizationallyUniqueIdentifier
    }

    /// Decodes exactly 8 bytes.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> SystemID {
        let manufacturer = try reader.readUInt("manufacturer_identifier", count: 5)
        let oui = try reader.readUInt24("organizationally_unique_identifier")
        try reader.finish()
        return SystemID(manufacturerIdentifier: manufacturer, organizationallyUniqueIdentifier: oui)
    }

    /// Encodes the 8 bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(manufacturerIdentifier, count: 5)
        writer.write(UInt64(organizationallyUniqueIdentifier), count: 3)
        return writer.bytes
    }
}
