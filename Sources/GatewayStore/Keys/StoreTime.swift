import Foundation

/// Formats instants as GRDB stores `Date` (`YYYY-MM-DD HH:MM:SS.SSS`, UTC, nearest millisecond)
/// without going through `DateFormatter`, which costs tens of microseconds per call on Linux (ICU)
/// and sat on the commit path. GRDB still decodes these texts as `Date` on reads.
enum StoreTime {
    static func text(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let msPerDay: Int64 = 86_400_000
        let days = millis >= 0 ? millis / msPerDay : -((-millis + msPerDay - 1) / msPerDay)
        var rest = Int(millis - days * msPerDay)
        let (year, month, day) = civil(fromDays: Int(days))
        let ms = rest % 1000; rest /= 1000
        let second = rest % 60; rest /= 60
        let minute = rest % 60
        let hour = rest / 60
        var bytes = [UInt8]()
        bytes.reserveCapacity(23)
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var value = max(0, value)
            for _ in 0..<width {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                value %= divisor
                divisor /= 10
                if divisor == 0 { break }
            }
        }
        put(year, 4); bytes.append(UInt8(ascii: "-")); put(month, 2); bytes.append(UInt8(ascii: "-")); put(day, 2)
        bytes.append(UInt8(ascii: " "))
        put(hour, 2); bytes.append(UInt8(ascii: ":")); put(minute, 2); bytes.append(UInt8(ascii: ":")); put(second, 2)
        bytes.append(UInt8(ascii: ".")); put(ms, 3)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// JSON array of strings without `JSONEncoder` (on the commit path).
enum JSONText {
    static func array(_ strings: [String]) -> String {
        "[" + strings.map(quoted).joined(separator: ",") + "]"
    }

    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
