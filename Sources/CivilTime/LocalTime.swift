import Foundation

/// The local day and time of day of an instant, by arithmetic on a UTC offset: `Calendar`'s
/// `dateComponents` costs microseconds per call on Linux (ICU), and the display texts, the trend
/// plots and triage's morning windows ask for every reading.
public struct LocalTime: Hashable, Sendable {
    /// Days since 1970-01-01 on the local calendar.
    public var day: Int
    /// Whole seconds since local midnight, 0..<86_400.
    public var second: Int

    /// The local time of `date` in `zone` (its UTC offset at that instant, so DST is handled).
    public init(_ date: Date, in zone: TimeZone) {
        self.init(date, utcOffset: zone.secondsFromGMT(for: date))
    }

    /// The local time of `date` at `utcOffset` seconds east of UTC. Seconds are rounded down, so
    /// an instant before 1970 falls on the right day.
    public init(_ date: Date, utcOffset: Int) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        // Beyond ±2^62 s a Date is nonsense anyway; clamp instead of trapping on the conversion.
        let local = Int(seconds.isFinite ? min(max(seconds, -4.0e18), 4.0e18) : 0) + utcOffset
        self.init(secondsSince1970: local)
    }

    /// The day and time of day of a count of local seconds since 1970-01-01 00:00 local.
    public init(secondsSince1970 local: Int) {
        let (day, second) = Self.floorDivide(local, 86_400)
        self.day = day
        self.second = second
    }

    public var hour: Int { second / 3_600 }
    public var minute: Int { second % 3_600 / 60 }
    public var minuteOfDay: Int { second / 60 }

    /// The calendar date of `day`.
    public var date: CivilDate { CivilDate(daysSince1970: day) }

    /// (year, month, day) of `day`.
    public var civil: (year: Int, month: Int, day: Int) {
        let date = self.date
        return (date.year, date.month, date.day)
    }

    /// (year, month, day) of a day count since 1970-01-01 (proleptic Gregorian).
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let date = CivilDate(daysSince1970: days)
        return (date.year, date.month, date.day)
    }

    /// Quotient rounded towards minus infinity, and the non-negative remainder.
    @inlinable
    public static func floorDivide(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }
}
