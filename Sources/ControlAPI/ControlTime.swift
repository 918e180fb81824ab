import CivilTime
import Foundation
import HealthProfiles

/// The control API's times: ISO 8601 in UTC with milliseconds (`2026-11-23T07:12:00.000Z`).
/// Written out by hand (civil-date arithmetic) so the text is the same on every platform and a
/// time survives the round trip to the millisecond.
package enum ControlTime {
    /// The text of `date`, rounded to the millisecond.
    package static func text(_ date: Date) -> String {
        let raw = (date.timeIntervalSince1970 * 1000).rounded()
        // Beyond ±200,000 years the value is nonsense anyway; clamp instead of trapping.
        let limit = 6.3e18 / 1000
        let milliseconds = Int64(raw.isFinite ? min(max(raw, -limit), limit) : 0)
        let (days, msOfDay) = floorDivide(milliseconds, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let ms = msOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(ms, 3))Z"
    }

    /// The date of a text `text(_:)` writes (the fraction may have 0 to 9 digits; digits past the
    /// millisecond are dropped). Nil for anything else.
    package static func date(_ text: String) -> Date? {
        var reader = Reader(bytes: Array(text.utf8))
        guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"),
              let day = reader.number(2), reader.skip("T"), let hour = reader.number(2), reader.skip(":"),
              let minute = reader.number(2), reader.skip(":"), let second = reader.number(2)
        else { return nil }
        var ms: Int64 = 0
        if reader.skip(".") {
            var digits = 0
            while let digit = reader.digit() {
                if digits < 3 { ms = ms * 10 + digit }
                digits += 1
            }
            guard (1...9).contains(digits) else { return nil }
            for _ in digits..<max(digits, 3) { ms *= 10 }
        }
        guard reader.skip("Z"), reader.atEnd, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        let days = self.days(year: year, month: month, day: day)
        let total = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Date(timeIntervalSince1970: Double(total * 1000 + ms) / 1000)
    }

    // MARK: civil dates (CivilTime's one conversion)

    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(CivilDate(year: Int(year), month: Int(month), day: Int(day)).daysSince1970)
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let date = CivilDate(daysSince1970: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        Int64(CivilDate.daysIn(month: Int(month), year: Int(year)))
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let r = a % b
        return r < 0 ? (a / b - 1, r + b) : (a / b, r)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// A bounds-checked reader of ASCII digits and separators.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int64? {
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
            defer { index += 1 }
            return Int64(bytes[index] - UInt8(ascii: "0"))
        }

        mutating func number(_ count: Int) -> Int64? {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }
    }
}
