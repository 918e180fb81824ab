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

    /// "2026-11-20" for a day number (civil-from-days, proleptic Gregorian).
    func dateText(day: Int) -> String {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return "\(y)-\(pad(m))-\(pad(d))"
    }

    /// "2026-11-20 07:10" local.
    func stamp(_ date: Date) -> String {
        let minute = Int(minuteOfDay(date).rounded(.down))
        return "\(dateText(day: day(date))) \(pad(minute / 60)):\(pad(minute % 60))"
    }

    private func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
