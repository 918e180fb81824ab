import Foundation
import Testing
@testable import GatewayStore

/// The device wall clock whose seconds since 2000 are the PHD identifier's timestamp part
/// (the identifier itself is tested in FHIRTests/PhdIdentifierTests.swift).
@Suite("Device wall clock")
struct DeviceWallClockTests {
    // Seconds since 2000-01-01T00:00:00, checked with GNU date:
    // $(( $(date -u -d 2024-02-29T12:00:00Z +%s) - 946684800 )) = 762523200.
    @Test("wall clock to seconds since 2000", arguments: [
        ("2000-01-01T00:00:00", 0),
        ("2000-01-02T00:00:01", 86_401),
        ("2001-01-01T00:00:00", 31_622_400),
        ("2024-02-29T12:00:00", 762_523_200),
        ("1999-12-31T23:59:59", -1),
    ])
    func secondsSince2000(_ text: String, _ seconds: Int) throws {
        let clock = try #require(DeviceWallClock(text))
        #expect(clock.secondsSince2000 == seconds)
        #expect(clock.description == text)
    }

    @Test("malformed or impossible wall clock texts are refused", arguments: [
        "", "2026-11-18", "2026-11-18 07:30:00", "2026-11-18T07:30:00Z", "2026-13-01T00:00:00",
        "2026-02-29T00:00:00", "2026-11-18T24:00:00", "2026-11-18T07:60:00", "2026-1a-18T07:30:00",
        "+026-11-18T07:30:00",
    ])
    func refusesBadClock(_ text: String) {
        #expect(DeviceWallClock(text) == nil)
    }
}
