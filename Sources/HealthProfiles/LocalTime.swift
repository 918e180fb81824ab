import Foundation

/// Local day and time of an instant in one time zone, by arithmetic on the zone's UTC offset at that
/// instant: `Calendar.dateComponents` costs microseconds per call on Linux, and the display text and
/// the trend plots ask for every reading. Kept here, at the bottom of the package, because the
/// control API's times (`ControlTime`) use its civil-date conversion too.
package struct LocalTime: Hashable {
    /// Days since 1970-01-01 on the local calendar.
    package var day: Int
    /// Seconds since local midnight.
    package var second: Int

    package init(_ date: Date, in zone: TimeZone) {
        let local = Int((date.timeIntervalSince1970).rounded(.down)) + zone.secondsFromGMT(for: date)
        day = local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
        second = local - day * 86_400
    }

    package var hour: Int { second / 3_600 }
    package var minute: Int { second % 3_600 / 60 }
    package var minuteOfDay: Int { second / 60 }

    /// (year, month, day) of `day`.
    package var civil: (year: Int, month: Int, day: Int) { Self.civil(fromDays: day) }

    /// (year, month, day) of a day count since 1970-01-01 (proleptic Gregorian; Howard Hinnant's
    /// civil_from_days).
    package static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth)
    }
}
