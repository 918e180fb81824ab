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

    /// The 0x2A9D payload of `weightHex` with another weight (0.005 kg resolution, little-endian).
    static func weightHex(kg: Double) -> String {
        let raw = UInt16((kg / 0.005).rounded())
        return "0A" + String(format: "%02X%02X", raw & 0xFF, raw >> 8) + weightHex.dropFirst(6)
    }

    /// The 0x2A35 payload of `bpHex` with other values (SFLOATs with exponent 0).
    static func bpHex(systolic: Int, diastolic: Int, pulse: Int) -> String {
        func sfloat(_ value: Int) -> String { String(format: "%02X%02X", value & 0xFF, (value >> 8) & 0x0F) }
        let mean = Int((Double(systolic + 2 * diastolic) / 3).rounded())
        return "16" + sfloat(systolic) + sfloat(diastolic) + sfloat(mean) + bpHex.dropFirst(14).prefix(14) + sfloat(pulse) + bpHex.suffix(4)
    }

    static func assessment(_ colour: ReadingAssessment.Colour, at date: Date, text: String? = nil) -> ReadingAssessment? {
        let rules = switch colour {
        case .green: [String]()
        case .yellow: ["W1"]
        case .red: ["W2"]
        case .grey: ["W6"]
        }
        return ReadingAssessment(
            colour: colour, ruleIDs: rules, ruleSetVersion: "hf-default-2025.1",
            parameters: colour == .red
                // Red (W2): its own 1-day limit, the patient's, listed after a 3-day one: the page must pick W2's.
                ? [.init(name: "weight.gain_3d_kg", value: FHIRDecimal(ExactDecimal(significand: 20, exponent: -1)), patientSpecific: false),
                   .init(name: "weight.gain_1d_kg", value: FHIRDecimal(ExactDecimal(significand: 15, exponent: -1)), patientSpecific: true)]
                : [.init(name: "weight.gain_3d_kg", value: FHIRDecimal(ExactDecimal(significand: 20, exponent: -1)), patientSpecific: false)],
            text: colour == .green ? "" : text ?? "+2.3 kg in 3 days (82.3 -> 84.6 kg)", assessedAt: time(date))
    }

    /// One weight reading's entries; `serial` makes its identifier (one reading per serial and patient).
    static func weight(patient: String, serial: Int, at date: Date, colour: ReadingAssessment.Colour, kg: Double = 84.6,
                       text: String? = nil) throws -> [FHIRBundle.Entry] {
        let input = ReadingInput(
            measurement: try decode(.weightMeasurement, try Hex.bytes(weightHex(kg: kg))), patientID: patient, device: scale, hub: hub,
            effective: time(date), assessment: colour == .green ? nil : assessment(colour, at: date, text: text))
        let phd = "D80BCB112233-\(patient)-188736-\(795_253_503 + serial)"
        return try PhdMapping.entries(for: input, identifiers: try PhdMapping.identifiers(for: input, phdIdentifier: phd))
    }

    static func bloodPressure(patient: String, serial: Int, at date: Date, systolic: Int = 128, diastolic: Int = 78, pulse: Int = 72) throws -> [FHIRBundle.Entry] {
        let input = ReadingInput(
            measurement: try decode(.bloodPressureMeasurement, try Hex.bytes(bpHex(systolic: systolic, diastolic: diastolic, pulse: pulse))),
            patientID: patient, device: cuff, hub: hub,
            effective: time(date))
        let phd = "C47C8D6A1234-\(patient)-150020-\(795_253_330 + serial)"
        return try PhdMapping.entries(for: input, identifiers: try PhdMapping.identifiers(for: input, phdIdentifier: phd))
    }

    static func bundle(_ readings: [[FHIRBundle.Entry]], upload: Date = Date()) throws -> String {
        try TransactionBundle(readings: readings, uploadTime: time(upload)).json(pretty: false)
    }
}
