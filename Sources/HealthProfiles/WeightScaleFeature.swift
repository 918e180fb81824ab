/// Weight Scale Feature 0x2A9E (uint32). Reserved resolution codes are rejected; bits 10-31 RFU are ignored.
public struct WeightScaleFeature: Sendable, Hashable {
    /// The 32 bits as read.
    public var rawValue: UInt32
    /// Wraps the raw bits (not validated).
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Time stamp supported.
    public var timeStampSupported: Bool { rawValue & 0x1 != 0 }
    /// Multiple users supported.
    public var multipleUsersSupported: Bool { rawValue & 0x2 != 0 }
    /// BMI supported.
    public var bmiSupported: Bool { rawValue & 0x4 != 0 }
    /// Weight resolution code (bits 3-6): 0 unspecified, 1...7 see `Resolution.mass`.
    public var weightResolutionCode: Int { Int((rawValue >> 3) & 0xF) }
    /// Height resolution code (bits 7-9): 0 unspecified, 1...3 see `Resolution.height`.
    public var heightResolutionCode: Int { Int((rawValue >> 7) & 0x7) }

    /// Decodes exactly 4 bytes.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> WeightScaleFeature {
        let value = WeightScaleFeature(rawValue: try reader.readUInt32("features"))
        try reader.finish()
        if value.weightResolutionCode > 7 {
            throw .reservedValue(field: "weight_resolution", value: UInt32(value.weightResolutionCode), offset: 0)
        }
        if value.heightResolutionCode > 3 {
            throw .reservedValue(field: "height_resolution", value: UInt32(value.heightResolutionCode), offset: 0)
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
