import Foundation
import Testing

@testable import Triage

/// Local days in Europe/Stockholm across the DST changes of 2026 (29 March, 25 October).
@Suite("Local days and morning window across DST")
struct LocalClockTests {
    static func local(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        Fixture.calendar.date(
            from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: minute)) ?? .distantPast
    }

    @Test(
        "07:00 local on consecutive days is one day apart and 420 minutes into the day",
        arguments: [(3, 27), (3, 28), (3, 29), (3, 30), (10, 23), (10, 24), (10, 25), (10, 26)])
    func consecutiveDays(month: Int, day: Int) {
        let clock = LocalClock(calendar: Fixture.calendar)
        let today = Self.local(month, day, 7)
        let yesterday = Self.local(month, day - 1, 7)
        #expect(clock.day(today) - clock.day(yesterday) == 1)
        #expect(clock.minuteOfDay(today) == 420)
        #expect(clock.stamp(today) == "2026-\(month < 10 ? "0" : "")\(month)-\(day) 07:00")
    }

    @Test("local midnight belongs to the new day, 23:59 to the old one")
    func midnight() {
        let clock = LocalClock(calendar: Fixture.calendar)
        #expect(clock.day(Self.local(10, 26, 0)) - clock.day(Self.local(10, 25, 23, 59)) == 1)
        #expect(clock.minuteOfDay(Self.local(10, 26, 0)) == 0)
    }

    @Test("W1 compares the right mornings across the autumn DST change")
    func w1AcrossDST() {
        let reference = VitalReading(id: "ref", time: Self.local(10, 23, 7), kind: .weight(kg: 70))
        let today = VitalReading(id: "now", time: Self.local(10, 26, 7), kind: .weight(kg: 72))
        let outcome = Fixture.assess(today, history: [reference])
        #expect(outcome.assessment.colour(of: .w1) == .yellow)
        #expect(outcome.assessment.result(.w1)?.observed == "gain 2.0 kg over 3 days: 70.0 → 72.0")
    }
}

@Suite("LocalClock offset cache")
struct LocalClockCacheTests {
    /// The cached clock must agree with the time zone hour by hour across both 2026 DST changes.
    @Test(arguments: [LocalClockTests.local(3, 30, 12), LocalClockTests.local(10, 27, 12), LocalClockTests.local(7, 1, 12)])
    func cacheAgreesWithTimeZone(reference: Date) {
        let cached = LocalClock(calendar: Fixture.calendar, around: reference)
        let plain = LocalClock(calendar: Fixture.calendar)
        for hour in stride(from: -40 * 24, through: 30, by: 1) {
            let date = reference.addingTimeInterval(Double(hour) * 3600 + 1800)
            #expect(cached.place(date).day == plain.day(date), "\(date)")
            #expect(cached.place(date).minute == plain.minuteOfDay(date), "\(date)")
        }
    }
}
