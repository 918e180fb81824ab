/// Date Time 0x2A08: the device's local wall-clock time (no zone). Year, month or day 0 = "not known".
public struct DateTime: Sendable, Hashable, CustomStringConvertible {
    /// 1582...9999, 0 = unknown.
    public var year: UInt16
    /// 1...12, 0 = unknown.
    public var month: UInt8
    /// 1...31 (checked against the month), 0 = unknown.
    public var day: UInt8
    /// 0...23.
    public var hours: UInt8
    /// 0...59.
    public var minutes: UInt8
    /// 0...59.
    public var seconds: UInt8

    /// Creates a Date Time without validating it (the decoder validates).
    public init(year: UInt16, month: UInt8, day: UInt8, hours: UInt8, minutes: UInt8, seconds: UInt8) {
        self.year = year
        self.month = month
        self.day = day
        self.hours = hours
        self.minutes = minutes
        self.seconds = seconds
    }

    /// Encoded size in bytes.
    public static let byteCount = 7

    /// True when year, month and day are all known (non-zero).
    public var isDateKnown: Bool { year != 0 && month != 0 && day != 0 }

    /// `YYYY-MM-DDTHH:MM:SS`, or nil when the device marks the date unknown.
    public var iso8601: String? {
        guard isDateKnown else { return nil }
        return "\(pad(Int(year), 4))-\(pad(Int(month), 2))-\(pad(Int(day), 2))T\(pad(Int(hours), 2)):"
            + "\(pad(Int(minutes), 2)):\(pad(Int(seconds), 2))"
    }

    public var description: String { iso8601 ?? "unknown date \(year)-\(month)-\(day) \(hours):\(minutes):\(seconds)" }

    /// Reads and validates 7 bytes; `field` prefixes the part names in errors ("timestamp.month").
    public static func read(from reader: inout ByteReader, field: StaticString) throws(DecodeError) -> DateTime {
        let start = reader.offset
        guard reader.remaining >= byteCount else {
            throw .truncated(field: "\(field)", needed: byteCount, remaining: reader.remaining, offset: start)
        }
        let value = DateTime(
            year: try reader.readUInt16(field), month: try reader.readUInt8(field), day: try reader.readUInt8(field),
            hours: try reader.readUInt8(field), minutes: try reader.readUInt8(field), seconds: try reader.readUInt8(field)
        )
        try value.validate(field: field, offset: start)
        return value
    }

    /// Throws `invalidDate` naming the first part out of range and its byte offset (base + position).
    public func validate(field: StaticString, offset base: Int) throws(DecodeError) {
        if year != 0, !(1582...9999).contains(year) {
            throw .invalidDate(field: "\(field).year", value: Int(year), offset: base)
        }
        guard month <= 12 else { throw .invalidDate(field: "\(field).month", value: Int(month), offset: base + 2) }
        let maxDay: UInt8 = switch month {
        case 2: (year == 0 || isLeap(Int(year))) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
        guard day <= maxDay else { throw .invalidDate(field: "\(field).day", value: Int(day), offset: base + 3) }
        guard hours <= 23 else { throw .invalidDate(field: "\(field).hours", value: Int(hours), offset: base + 4) }
        guard minutes <= 59 else { throw .invalidDate(field: "\(field).minutes", value: Int(minutes), offset: base + 5) }
        guard seconds <= 59 else { throw .invalidDate(field: "\(field).seconds", value: Int(seconds), offset: base + 6) }
    }

    /// Appends the 7 bytes.
    public func write(to writer: inout ByteWriter) {
        writer.write(year)
        writer.write(month)
        writer.write(day)
        writer.write(hours)
        writer.write(minutes)
        writer.write(seconds)
    }

    /// Decodes a whole Date Time characteristic (exactly 7 bytes).
    public static func decode(from reader: inout ByteReader) throws(DecodeError) -> DateTime {
        let value = try read(from: &reader, field: "date_time")
        try reader.finish()
        return value
    }

    /// Encodes the characteristic value.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        write(to: &writer)
        return writer.bytes
    }
}

private func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
