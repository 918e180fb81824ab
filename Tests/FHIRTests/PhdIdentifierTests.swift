import Foundation
import Testing
@testable import FHIR

/// Moved from GatewayStoreTests with `PhdObservationIdentifier`: the same vectors, the device
/// timestamp now given as its seconds since 2000 (GatewayStoreTests/DeviceWallClockTests.swift
/// checks that 2024-02-29T12:00:00 is 762523200 s).
@Suite("PHD-IG conditional-create identifier")
struct PhdIdentifierTests {
    /// 2024-02-29T12:00:00 on the device's clock.
    static let leapDay = 762_523_200

    @Test("STU2 construction: device hex without separators, patient, MDC type, PHD timestamp")
    func identifierValues() throws {
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "00:e5:de:ad:77:c3", patientID: "pat-0001",
                                               mdcType: 150020, timestamp: .device(secondsSince2000: Self.leapDay))
                == "00E5DEAD77C3-pat-0001-150020-762523200")
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "FE-ED-AB-EE-DE-AD-77-C3", patientID: "p",
                                               mdcType: 188736, timestamp: .device(secondsSince2000: Self.leapDay),
                                               supplementalTypes: [150588])
                == "FEEDABEEDEAD77C3-p-188736-762523200-150588")
        // No PHD timestamp: the hub receipt time (UTC, ms) marked with `r`.
        let receipt = Date(timeIntervalSince1970: 946_684_800 + 762_523_200.25)
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "00E5DEAD77C3", patientID: "p", mdcType: 150020,
                                               timestamp: .hubReceipt(receipt))
                == "00E5DEAD77C3-p-150020-r762523200.250")
    }

    @Test("refuses identifiers that are not EUI-48/EUI-64 or lack a patient")
    func identifierRefusals() throws {
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "XYZ", patientID: "p", mdcType: 150020,
                                               timestamp: .device(secondsSince2000: Self.leapDay)) == nil)
        #expect(PhdObservationIdentifier.value(deviceIdentifier: "00E5DEAD77C3", patientID: "", mdcType: 150020,
                                               timestamp: .device(secondsSince2000: Self.leapDay)) == nil)
    }

    /// reference/fhir-phd.md §9: cuff C4-7C-8D-6A-12-34, patient rjh-egenmon-000123, reading at
    /// 2025-03-14T07:42:10 on the cuff's clock = 795253330 s since 2000; the scale's 07:45:03 = 795253503.
    @Test("the reference examples' identifier values", arguments: [
        ("C4:7C:8D:6A:12:34", 150020, 795_253_330, "C47C8D6A1234-rjh-egenmon-000123-150020-795253330"),
        ("C4:7C:8D:6A:12:34", 149546, 795_253_330, "C47C8D6A1234-rjh-egenmon-000123-149546-795253330"),
        ("C4:7C:8D:6A:12:34", 8410608, 795_253_330, "C47C8D6A1234-rjh-egenmon-000123-8410608-795253330"),
        ("D8:0B:CB:11:22:33", 188736, 795_253_503, "D80BCB112233-rjh-egenmon-000123-188736-795253503"),
        ("D8:0B:CB:11:22:33", 188752, 795_253_503, "D80BCB112233-rjh-egenmon-000123-188752-795253503"),
    ])
    func referenceExamples(_ device: String, _ mdc: Int, _ seconds: Int, _ expected: String) {
        #expect(PhdObservationIdentifier.value(deviceIdentifier: device, patientID: "rjh-egenmon-000123", mdcType: mdc,
                                               timestamp: .device(secondsSince2000: seconds)) == expected)
    }
}
