/// Current Time 0x2A2B: Exact Time 256 (Date Time, day of week, 1/256 s) and the adjust reason.
public struct CurrentTime: Sendable, Hashable {
    /// The device's local date and time.
    public var dateTime: DateTime
    /// 1 = Monday ... 7 = Sunday, 0 = unknown.
    public var dayOfWeek: UInt8
    /// Fractions of a second in 1/256 s.
    public var fractions256: UInt8
    /// Adjust Reason bits (bit 0 manual, 1 external reference, 2 time zone, 3 DST; 4-7 RFU, kept for round trips).
    public var adjustReason: UInt8

    /// Creates a Current Time value.
    public init(dateTime: DateTime, dayOfWeek: UInt8, fractions256: UInt8, adjustReason: UInt8) {
        self.dateTime = dateTime
        self.dayOfWeek = dayOfWeek
        self.fractions256 = fractions256
        self.adjustReason = adjustReason
    }

    /// Manual time update.
    public var manualTimeUpdate: Bool { adjustReason & 0x01 != 0 }
    /// External reference time update.
    public var externalReferenceTimeUpdate: Bool { adjustReason & 0x02 != 0 }
    /// Change of time zone.
    public var changeOfTimeZone: Bool { adjustReason & 0x04 != 0 }
    /// Change of DST.
    public var changeOfDST: Bool { adjustReason & 0x08 != 0 }

    /// Decodes exactly 10 bytes; day of week 8...255 is reserved.
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> CurrentTime {
        let dateTime = try DateTime.read(from: &reader, field: "date_time")
        let dayOffset = reader.offset
        let dayOfWeek = try reader.readUInt8("day_of_week")
        guard dayOfWeek <= 7 else { throw .reservedValue(field: "day_of_week", value: UInt32(dayOfWeek), offset: dayOffset) }
        let fractions = try reader.readUInt8("fractions256")
        let reason = try reader.readUInt8("adjust_reason")
        try reader.finish()
        return CurrentTime(dateTime: dateTime, dayOfWeek: dayOfWeek, fractions256: fractions, adjustReason: reason)
    }

    /// Encodes the 10-byte value.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        dateTime.write(to: &writer)
        writer.write(dayOfWeek)
        writer.write(fractions256)
        writer.write(adjustReason)
        return writer.bytes
    }
}
