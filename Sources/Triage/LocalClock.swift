import CivilTime
import Foundation

/// Local days and times of day in the patient's time zone, computed from the injected calendar.
///
/// Days are Gregorian local days of `calendar.timeZone` (UTC offset applied per instant, so DST
/// changes are handled); this avoids a full calendar computation per reading.
struct LocalClock {
    let timeZone: TimeZone
    /// UTC-offset segments known around the assessed time: (from, offset), sorted; valid until `cacheEnd`.
    private let segments: [(from: Date, offset: Int)]
    private let cacheEnd: Date

    /// A clock without offset cache (every call asks the time zone).
    init(calendar: Calendar) {
        self.timeZone = calendar.timeZone
        self.segments = []
        self.cacheEnd = .distantPast
    }

    /// A clock that caches the UTC offsets from `days` days before `reference` to a day after it.
    ///
    /// `TimeZone.secondsFromGMT(for:)` costs ~150 ns on Linux and a 14-day history asks it a few
    /// hundred times; the offsets only change at DST transitions, which are looked up once here.
    init(calendar: Calendar, around reference: Date, days: Double = 31) {
        let zone = calendar.timeZone
        let start = reference.addingTimeInterval(-days * 86_400)
        let end = reference.addingTimeInterval(86_400)
        var segments: [(from: Date, offset: Int)] = [(start, zone.secondsFromGMT(for: start))]
        var cursor = start
        while segments.count < 8, let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            segments.append((next, zone.secondsFromGMT(for: next)))
            cursor = next
        }
        self.timeZone = zone
        self.segments = segments
        self.cacheEnd = end
    }

    private func offset(_ date: Date) -> Int {
        guard let first = segments.first, date >= first.from, date < cacheEnd else {
            return timeZone.secondsFromGMT(for: date)
        }
        var offset = first.offset
        for segment in segments.dropFirst() {
            guard date >= segment.from else { break }
            offset = segment.offset
        }
        return offset
    }

    private func localSeconds(_ date: Date) -> Double {
        date.timeIntervalSince1970 + Double(offset(date))
    }

    /// Day number of the local date (days since 1970-01-01 local).
    func day(_ date: Date) -> Int {
        Int((localSeconds(date) / 86_400).rounded(.down))
    }

    /// Day number and minutes since local midnight, with one offset lookup.
    func place(_ date: Date) -> (day: Int, minute: Double) {
        let seconds = localSeconds(date)
        let dayStart = (seconds / 86_400).rounded(.down)
        return (Int(dayStart), (seconds - dayStart * 86_400) / 60)
    }

    /// Minutes since local midnight.
    func minuteOfDay(_ date: Date) -> Double {
        let seconds = localSeconds(date)
        let dayStart = (seconds / 86_400).rounded(.down) * 86_400
        return (seconds - dayStart) / 60
    }

    /// "2026-11-20" for a day number (proleptic Gregorian).
    func dateText(day: Int) -> String {
        CivilDate(daysSince1970: day).text
    }

    /// "2026-11-20 07:10" local.
    func stamp(_ date: Date) -> String {
        let minute = Int(minuteOfDay(date).rounded(.down))
        return "\(dateText(day: day(date))) \(CivilText.padded(minute / 60, 2)):\(CivilText.padded(minute % 60, 2))"
    }
}
