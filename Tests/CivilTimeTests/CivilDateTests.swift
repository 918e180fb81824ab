import Foundation
import Testing
import CivilTime

@Suite("CivilDate: day counts ↔ proleptic Gregorian dates")
struct CivilDateTests {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()

    @Test("known days", arguments: [
        (0, CivilDate(year: 1970, month: 1, day: 1)),
        (-1, CivilDate(year: 1969, month: 12, day: 31)),
        (11_016, CivilDate(year: 2000, month: 2, day: 29)),
        (20_780, CivilDate(year: 2026, month: 11, day: 23)),
        (-719_162, CivilDate(year: 1, month: 1, day: 1)),
        (2_932_896, CivilDate(year: 9999, month: 12, day: 31)),
        (-719_528, CivilDate(year: 0, month: 1, day: 1)),
    ])
    func known(days: Int, date: CivilDate) {
        #expect(CivilDate(daysSince1970: days) == date)
        #expect(date.daysSince1970 == days)
    }

    @Test("agrees with Foundation's Gregorian calendar every 97 days from 1600 to 2400")
    func agreesWithFoundation() throws {
        var days = CivilDate(year: 1600, month: 1, day: 1).daysSince1970
        let end = CivilDate(year: 2400, month: 1, day: 1).daysSince1970
        while days < end {
            let parts = Self.utc.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            let date = CivilDate(daysSince1970: days)
            #expect([date.year, date.month, date.day] == [parts.year, parts.month, parts.day], "day \(days)")
            days += 97
        }
    }

    @Test("round trip over every day of four centuries (one Gregorian cycle) around 1970")
    func roundTrip() {
        var previous = CivilDate(daysSince1970: -73_049)
        for days in -73_048...73_048 {
            let date = CivilDate(daysSince1970: days)
            #expect(date.daysSince1970 == days)
            #expect(date.isValid)
            #expect(previous < date)
            previous = date
        }
    }

    @Test("leap years and month lengths")
    func monthLengths() {
        #expect(CivilDate.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilDate.daysIn(month: 2, year: 1900) == 28)
        #expect(CivilDate.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilDate.daysIn(month: 4, year: 2026) == 30)
        #expect(CivilDate.daysIn(month: 13, year: 2026) == 0)
        #expect(!CivilDate(year: 2026, month: 2, day: 29).isValid)
    }

    @Test("text is zero-padded ISO 8601")
    func text() {
        #expect(CivilDate(year: 2026, month: 3, day: 9).text == "2026-03-09")
        #expect(CivilDate(year: 999, month: 10, day: 5).text == "0999-10-05")
        #expect(CivilText.padded(-7, 2) == "-07")
    }
}

@Suite("LocalTime: local day and time of day by offset arithmetic")
struct LocalTimeTests {
    @Test("floor division puts instants before 1970 on the right day")
    func beforeEpoch() {
        let justBefore = LocalTime(Date(timeIntervalSince1970: -0.5), utcOffset: 0)
        #expect(justBefore.day == -1 && justBefore.second == 86_399)
        #expect(LocalTime.floorDivide(-86_400, 86_400) == (-1, 0))
        #expect(LocalTime.floorDivide(-86_401, 86_400) == (-2, 86_399))
    }

    @Test("Stockholm across the 2026 DST changes: 07:00 local is 420 minutes into the local day")
    func stockholm() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Stockholm"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        for (month, day) in [(3, 28), (3, 29), (3, 30), (10, 24), (10, 25), (10, 26)] {
            let date = try #require(calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: 7)))
            let local = LocalTime(date, in: zone)
            #expect(local.minuteOfDay == 420 && local.hour == 7 && local.minute == 0)
            #expect(local.date == CivilDate(year: 2026, month: month, day: day))
            #expect(local.civil == (2026, month, day))
        }
    }

    @Test("a non-finite date does not trap")
    func nonFinite() {
        #expect(LocalTime(Date(timeIntervalSince1970: .infinity), utcOffset: 3_600).day == 0)
    }
}
