import CivilTime
import Foundation

/// Formats instants as GRDB stores `Date` (`YYYY-MM-DD HH:MM:SS.SSS`, UTC, nearest millisecond)
/// without going through `DateFormatter`, which costs tens of microseconds per call on Linux (ICU)
/// and sat on the commit path. GRDB still decodes these texts as `Date` on reads.
enum StoreTime {
    /// The text's length: `YYYY-MM-DD HH:MM:SS.SSS`.
    static let length = 23

    static func text(_ date: Date) -> String {
        String(unsafeUninitializedCapacity: length) { buffer in
            format(date, into: UnsafeMutableRawBufferPointer(buffer))
            return length
        }
    }

    /// Writes the text's `length` bytes at the start of `out` (which must hold at least that many).
    static func format(_ date: Date, into out: UnsafeMutableRawBufferPointer) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let msPerDay: Int64 = 86_400_000
        let days = millis >= 0 ? millis / msPerDay : -((-millis + msPerDay - 1) / msPerDay)
        var rest = Int(millis - days * msPerDay)
        let date = CivilDate(daysSince1970: Int(days))
        let (year, month, day) = (date.year, date.month, date.day)
        let ms = rest % 1000; rest /= 1000
        let second = rest % 60; rest /= 60
        let minute = rest % 60
        let hour = rest / 60
        var at = 0
        // `width` digits of `value`: the low ones when it has more, zero for a negative one.
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var value = max(0, value)
            for _ in 0..<width {
                out[at] = UInt8(ascii: "0") + UInt8(value / divisor % 10)
                at += 1
                value %= divisor
                divisor /= 10
                if divisor == 0 { break }
            }
        }
        func mark(_ character: Unicode.Scalar) {
            out[at] = UInt8(ascii: character)
            at += 1
        }
        put(year, 4); mark("-"); put(month, 2); mark("-"); put(day, 2)
        mark(" ")
        put(hour, 2); mark(":"); put(minute, 2); mark(":"); put(second, 2)
        mark("."); put(ms, 3)
    }
}

/// ``StoreTime``'s text of one instant in a stack buffer, for binding without a `String`.
struct StoreTimeText {
    private var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)

    init(_ date: Date) {
        withUnsafeMutableBytes(of: &storage) { StoreTime.format(date, into: $0) }
    }

    /// The text's UTF-8 (ASCII) bytes, valid only inside `body`.
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: storage) { raw in
            try body(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<StoreTime.length]))
        }
    }
}
