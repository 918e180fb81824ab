import Foundation
import Testing
@testable import GatewayStore

@Suite("PHD-IG conditional-create identifier and device wall clock")
struct PhdIdentifierTests {
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

    @Test("STU2 construction: device hex without separators, patient, MDC type, PHD timestamp")
    func identifierValues() throws {
        let clock = try #require(DeviceWallClock("2024-02-29T12:00:00"))
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "00:e5:de:ad:77:c3", patientID: "pat-0001",
                                               mdcType: 150020, timestamp: .device(clock))
                == "00E5DEAD77C3-pat-0001-150020-762523200")
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "FE-ED-AB-EE-DE-AD-77-C3", patientID: "p",
                                               mdcType: 188736, timestamp: .device(clock), supplementalTypes: [150588])
                == "FEEDABEEDEAD77C3-p-188736-762523200-150588")
        // No PHD timestamp: the hub receipt time (UTC, ms) marked with `r`.
        let receipt = Date(timeIntervalSince1970: 946_684_800 + 762_523_200.25)
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "00E5DEAD77C3", patientID: "p", mdcType: 150020,
                                               timestamp: .hubReceipt(receipt))
                == "00E5DEAD77C3-p-150020-r762523200.250")
    }

    @Test("refuses identifiers that are not EUI-48/EUI-64 or lack a patient")
    func identifierRefusals() throws {
        let clock = try #require(DeviceWallClock("2024-02-29T12:00:00"))
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "XYZ", patientID: "p", mdcType: 150020,
                                               timestamp: .device(clock)) == nil)
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "00E5DEAD77C3", patientID: "", mdcType: 150020,
                                               timestamp: .device(clock)) == nil)
    }
}
