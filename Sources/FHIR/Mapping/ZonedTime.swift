import Foundation

/// An instant with the UTC offset to print it in (FHIR `dateTime`/`instant` always carry one).
/// The caller resolves the offset from its time zone; rendering is plain arithmetic (no
/// Calendar, no clock), so the same value always prints the same text.
public struct ZonedTime: Codable, Hashable, Sendable {
    /// The instant.
    public var date: Date
    /// Seconds east of UTC (+3600 for CET), a multiple of 60.
    public var utcOffsetSeconds: Int

    /// Creates a time; the offset is rounded down to whole minutes.
    public init(date: Date, utcOffsetSeconds: Int) {
        self.date = date
        self.utcOffsetSeconds = utcOffsetSeconds - ((utcOffsetSeconds % 60) + 60) % 60
    }

    /// `2025-03-14T07:42:12+01:00` (whole seconds, truncated).
    public var dateTime: String { render(milliseconds: false) }

    /// `2025-03-14T07:42:31.412+01:00` (milliseconds, truncated).
    public var instant: String { render(milliseconds: true) }

    /// `+01:00`, `-05:00`, `+00:00`.
    public var offsetText: String {
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        let minutes = abs(utcOffsetSeconds) / 60
        return "\(sign)\(Self.pad(minutes / 60, 2)):\(Self.pad(minutes % 60, 2))"
    }

    private func render(milliseconds: Bool) -> String {
        let localMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) + Int64(utcOffsetSeconds) * 1000
        let millis = Int(((localMillis % 1000) + 1000) % 1000)
        let seconds = Int((localMillis - Int64(millis)) / 1000)
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        var text = "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T"
            + "\(Self.pad(secondOfDay / 3600, 2)):\(Self.pad(secondOfDay / 60 % 60, 2)):\(Self.pad(secondOfDay % 60, 2))"
        if milliseconds { text += ".\(Self.pad(millis, 3))" }
        return text + offsetText
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
