import Foundation
import HealthProfiles
@testable import FHIR

/// Inputs of reference/fhir-phd.md §9 (examples 9a and 9b): patient rjh-egenmon-000123, hub B8:27:EB:12:34:56.
enum Fixtures {
    static let patient = "rjh-egenmon-000123"
    static let cet = 3600
    static let hub = HubInfo(
        bluetoothAddress: "B8:27:EB:12:34:56", systemID: "B8-27-EB-FF-FE-12-34-56", manufacturer: "Example Hub AB",
        modelNumber: "HomeHub 1", serialNumber: "HUB-000123", softwareVersion: "gatewayd 0.3.0")
    static let cuff = PhdDeviceInfo(
        address: "C4:7C:8D:6A:12:34", manufacturer: "Example Medical Co.", modelNumber: "BP-100BT",
        serialNumber: "BP100-0004711", firmwareRevision: "2.1.7")
    static let scale = PhdDeviceInfo(
        address: "D8:0B:CB:11:22:33", manufacturer: "Example Scales AB", modelNumber: "WS-20BT", serialNumber: "WS20-0009876",
        firmwareRevision: "1.4.0")

    /// 9a: SYS 128, DIA 78, MAP 95 mmHg at 2025-03-14 07:42:10 (cuff clock), pulse 72, irregular pulse.
    static let bpHex = "1680004E005F00E907030E072A0A48000400"
    /// 9b: 84.6 kg (raw 16920), BMI 27.6, height 1.750 m, at 2025-03-14 07:45:03.
    static let weightHex = "0A1842E907030E072D031401D606"

    static func measurement(_ characteristic: Characteristic, _ hex: String) throws -> HealthProfiles.Measurement {
        try decode(characteristic, try Hex.bytes(hex))
    }

    static func time(_ unix: Double, offset: Int = cet) -> ZonedTime {
        ZonedTime(date: Date(timeIntervalSince1970: unix), utcOffsetSeconds: offset)
    }

    /// 9a: the cuff's clock read 07:42:29 when the hub's read 07:42:31; mapped effective 07:42:12.
    static func bloodPressure(assessment: ReadingAssessment? = nil) throws -> ReadingInput {
        ReadingInput(
            measurement: try measurement(.bloodPressureMeasurement, bpHex), patientID: patient, device: cuff, hub: hub,
            effective: time(1_741_934_532),
            coincidentTime: CoincidentTime(hubTime: time(1_741_934_551), deviceClock: "2025-03-14T07:42:29"),
            assessment: assessment)
    }

    static let bpIdentifier = "C47C8D6A1234-rjh-egenmon-000123-150020-795253330"
    static let weightIdentifier = "D80BCB112233-rjh-egenmon-000123-188736-795253503"

    /// 9b: the scale's clock is synced by the hub; W1 fired yellow.
    static func weight(assessment: ReadingAssessment? = w1) throws -> ReadingInput {
        ReadingInput(
            measurement: try measurement(.weightMeasurement, weightHex), patientID: patient, device: scale, hub: hub,
            effective: time(1_741_934_703), assessment: assessment)
    }

    static let w1 = ReadingAssessment(
        colour: .yellow, ruleIDs: ["W1"], ruleSetVersion: "hf-default-2025.1",
        parameters: [
            .init(name: "weight.gain_3d_kg", value: FHIRDecimal(ExactDecimal(significand: 20, exponent: -1)), patientSpecific: false),
            .init(name: "weight.gain_1d_kg", value: FHIRDecimal(ExactDecimal(significand: 10, exponent: -1)), patientSpecific: true),
        ],
        text: "+2.3 kg in 3 days (82.3 -> 84.6 kg)", assessedAt: time(1_741_934_720))

    static let uploadTime = time(1_741_934_551.412)

    /// Readings of every shape the fixtures have: coincident timestamp, status bits, DetectedIssue,
    /// a second reading on the same connection and devices, a scale reading.
    static func mixedReadings() throws -> [[FHIRBundle.Entry]] {
        var second = try bloodPressure()
        second.measurement = try measurement(.bloodPressureMeasurement, "1682004E005F00E907030E072C0A48000000")
        return try [
            (try bloodPressure(assessment: w1), bpIdentifier),
            (second, "C47C8D6A1234-rjh-egenmon-000123-150020-795253450"),
            (try weight(), weightIdentifier),
        ].map { input, phd in
            try PhdMapping.entries(for: input, identifiers: try PhdMapping.identifiers(for: input, phdIdentifier: phd))
        }
    }

    static func bundle(_ inputs: [(ReadingInput, String)], upload: ZonedTime = uploadTime) throws -> TransactionBundle {
        TransactionBundle(
            readings: try inputs.map { input, phd in
                try PhdMapping.entries(for: input, identifiers: try PhdMapping.identifiers(for: input, phdIdentifier: phd))
            },
            uploadTime: upload)
    }
}

extension FHIRBundle {
    var resources: [Resource] { (entry ?? []).compactMap(\.resource) }
    var observations: [Observation] {
        resources.compactMap { if case .observation(let value) = $0 { value } else { nil } }
    }
    var devices: [Device] { resources.compactMap { if case .device(let value) = $0 { value } else { nil } } }
    var issues: [DetectedIssue] { resources.compactMap { if case .detectedIssue(let value) = $0 { value } else { nil } } }
    func observation(mdc: Int) -> Observation? {
        observations.first { $0.code.coding?.first?.code == String(mdc) }
    }
}
