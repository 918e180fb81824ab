import TestSupport
import Foundation
@testable import Readings
@testable import ReadingPath
import HealthProfiles
import Testing

/// The effective-time rule: device time when known and within [received − 30 d, received + 5 min].
@Suite struct PipelineTimeTests {
    static let configuration = PipelineFixture.configuration
    static let device = DateTime(year: 2026, month: 11, day: 20, hours: 8, minutes: 30, seconds: 0)
    static let deviceInstant = PipelineFixture.local(2026, 11, 20, 8, 30)

    static let cases: [(Double, Bool)] = [
        // (received minus device instant in seconds, device time used?) — provenance: PipelineConfiguration defaults
        (60.0, true),  // one minute later: a live reading
        (2 * 86_400.0, true),  // memory resent after two days
        (30 * 86_400.0, true),  // at the 30-day bound
        (30 * 86_400.0 + 1, false),  // older than 30 days: clock reset or wrong year
        (-300.0, true),  // device clock 5 min ahead: allowed drift
        (-301.0, false),  // more than 5 min in the future
    ]

    @Test("device time is used when plausible, else the hub receive time", arguments: cases)
    func plausibilityWindow(offset: Double, used: Bool) {
        let received = Self.deviceInstant.addingTimeInterval(offset)
        let time = EffectiveTime.resolve(
            device: Self.device, receivedAt: received, configuration: Self.configuration,
            calendar: Self.configuration.calendar)
        #expect(time.fromDevice == used)
        #expect(time.effective == (used ? Self.deviceInstant : received))
        #expect(time.deviceClock?.description == "2026-11-20T08:30:00")
    }

    @Test("a device time with an unknown date, or none, gives the hub receive time and no device clock")
    func unknownDate() {
        let received = Self.deviceInstant
        for device in [DateTime(year: 0, month: 0, day: 0, hours: 13, minutes: 12, seconds: 12), nil] {
            let time = EffectiveTime.resolve(
                device: device, receivedAt: received, configuration: Self.configuration,
                calendar: Self.configuration.calendar)
            #expect(time.effective == received && time.deviceClock == nil && !time.fromDevice)
        }
    }

    @Test("the device wall clock is read in the hub's time zone (Stockholm, CET in November)")
    func wallClockInHubZone() {
        let time = EffectiveTime.resolve(
            device: Self.device, receivedAt: Self.deviceInstant.addingTimeInterval(60),
            configuration: Self.configuration, calendar: Self.configuration.calendar)
        #expect(time.effective == Date(timeIntervalSince1970: 1_795_159_800))  // 2026-11-20T07:30:00Z
    }
}

/// The display's time texts, computed by offset arithmetic (LocalTime) in the hub's zone.
@Suite struct PipelineDisplayTimeTests {
    static let now = PipelineFixture.local(2026, 3, 29, 9, 0)  // the morning DST starts in Stockholm

    @Test("relative day words and dates across a DST change and a year boundary", arguments: [
        (PipelineFixture.local(2026, 3, 29, 7, 5), "I dag 07:05"),
        (PipelineFixture.local(2026, 3, 29, 1, 59), "I dag 01:59"),  // before the 02:00 → 03:00 jump
        (PipelineFixture.local(2026, 3, 28, 23, 30), "I går 23:30"),
        (PipelineFixture.local(2026, 3, 27, 7, 0), "27 mar 07:00"),
        (PipelineFixture.local(2025, 12, 31, 22, 15), "31 dec 2025 22:15"),
    ] as [(Date, String)])
    func texts(date: Date, expected: String) {
        let text = DisplayText(language: .swedish, calendar: PipelineFixture.configuration.calendar)
        #expect(text.time(date, now: Self.now) == expected)
    }
}

@Suite struct PipelineJSONTextTests {
    @Test("JSON strings: plain text whole, quotes, backslashes and control characters escaped", arguments: [
        ("gain 2.5 kg över 3 dagar", "\"gain 2.5 kg över 3 dagar\""),
        ("a \"b\" \\ c\n\u{01}", "\"a \\\"b\\\" \\\\ c\\n\\u0001\""),
    ] as [(String, String)])
    func escaping(input: String, expected: String) throws {
        var json = JSONText()
        json.string(input)
        #expect(json.text == expected)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.text.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == input)
    }
}
