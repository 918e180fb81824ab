/// A device's local wall-clock time without zone, as BLE Date Time (0x2A08) carries it.
///
/// Text form `YYYY-MM-DDTHH:MM:SS`, parsed strictly so the same instant always has the same text
/// (the text is part of the duplicate key and the PHD identifier): a text that parses is exactly
/// the `description` of what it parsed to.
public struct DeviceWallClock: Hashable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// Parses `YYYY-MM-DDTHH:MM:SS`; nil when the text is not exactly that or not a real date.
    public init?(_ text: String) {
        var text = text
        // withUTF8: the string's own bytes, no array (this runs for every reading).
        guard let fields = text.withUTF8(Self.parse) else { return nil }
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = fields
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int, Int, Int, Int)? {
        guard bytes.count == 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), hour < 24, minute < 60, second < 60,
              day >= 1, day <= Self.daysInMonth(year: year, month: month)
        else { return nil }
        return (year, month, day, hour, minute, second)
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }

    /// Seconds from 2000-01-01T00:00:00 on the same (zone-less) clock; negative before 2000.
    public var secondsSince2000: Int {
        let days = Self.daysFromCivil(year: year, month: month, day: day) - Self.daysFromCivil(year: 2000, month: 1, day: 1)
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
