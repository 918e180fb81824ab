import FHIR
import Foundation
import HealthProfiles

/// Real hub Bundles, made by the hub's own mapping (`PhdMapping`, `TransactionBundle`), as a hub sends them.
enum Readings {
    static let hub = HubInfo(
        bluetoothAddress: "B8:27:EB:12:34:56", systemID: "B8-27-EB-FF-FE-12-34-56", manufacturer: "Example Hub AB",
        modelNumber: "HomeHub 1", serialNumber: "HUB-000123", softwareVersion: "carehubd test")
    static let scale = PhdDeviceInfo(
        address: "D8:0B:CB:11:22:33", manufacturer: "Example Scales AB", modelNumber: "WS-20BT", serialNumber: "WS20-0009876",
        firmwareRevision: "1.4.0")
    static let cuff = PhdDeviceInfo(
        address: "C4:7C:8D:6A:12:34", manufacturer: "Example Medical Co.", modelNumber: "BP-100BT",
        serialNumber: "BP100-0004711", firmwareRevision: "2.1.7")
    /// 84.6 kg.
    static let weightHex = "0A1842E907030E072D031401D606"
    /// SYS 128, DIA 78, MAP 95 mmHg, pulse 72.
    static let bpHex = "1680004E005F00E907030E072A0A48000400"

    static func time(_ date: Date) -> ZonedTime { ZonedTime(date: date, utcOffsetSeconds: 3600) }

    static func assessment(_ colour: ReadingAssessment.Colour, at date: Date) -> ReadingAssessment? {
        let rules = switch colour {
        case .green: [String]()
        case .yellow: ["W1"]
        case .red: ["W2"]
        case .grey: ["W6"]
        }
        return ReadingAssessment(
            colour: colour, ruleIDs: rules, ruleSetVersion: "hf-default-2025.1",
            parameters: [.init(name: "weight.gain_3d_kg", value: FHIRDecimal(ExactDecimal(significand: 20, exponent: -1)), patientSpecific: false)],
            text: colour == .green ? "" : "+2.3 kg in 3 days (82.3 -> 84.6 kg)", assessedAt: time(date))
    }

    /// One weight reading's entries; `serial` makes its identifier (one reading per serial and patient).
    static func weight(patient: String, serial: Int, at date: Date, colour: ReadingAssessment.Colour) throws -> [FHIRBundle.Entry] {
        let input = ReadingInput(
            measurement: try decode(.weightMeasurement, try Hex.bytes(weightHex)), patientID: patient, device: scale, hub: hub,
            effective: time(date), assessment: colour == .green ? nil : assessment(colour, at: date))
        let phd = "D80BCB112233-\(patient)-188736-\(795_253_503 + serial)"
        return try PhdMapping.entries(for: input, identifiers: try PhdMapping.identifiers(for: input, phdIdentifier: phd))
    }

    static func bloodPressure(patient: String, serial: Int, at date: Date) throws -> [FHIRBundle.Entry] {
        let input = ReadingInput(
            measurement: try decode(.bloodPressureMeasurement, try Hex.bytes(bpHex)), patientID: patient, device: cuff, hub: hub,
            effective: time(date))
        let phd = "C47C8D6A1234-\(patient)-150020-\(795_253_330 + serial)"
        return try PhdMapping.entries(for: input, identifiers: try PhdMapping.identifiers(for: input, phdIdentifier: phd))
    }

    static func bundle(_ readings: [[FHIRBundle.Entry]], upload: Date = Date()) throws -> String {
        try TransactionBundle(readings: readings, uploadTime: time(upload)).json(pretty: false)
    }
}
