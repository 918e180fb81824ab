import FHIR
import Foundation
import HealthProfiles
import NIOCore

/// One simulated hub: its id, patient, devices, and the transaction Bundles it sends, made with the
/// real FHIR target the way carehubd makes them: each reading mapped once (`PhdMapping`, as the
/// pipeline does at commit) and rendered (`RenderedEntry`), then `TransactionBundle.compactJSON`
/// splices a batch into one upload, as the forwarder does. Every hub alternates a blood pressure
/// (cuff, with pulse and cuff status) and a weight (scale); every 25th of each deviates (a red
/// systolic, a yellow weight gain), so its DetectedIssue is ingested and a worklist item made.
struct SimulatedHub: Sendable {
    let index: Int
    var id: String { String(format: "bench-hub-%03d", index) }
    var patient: String { String(format: "bench-pat-%03d", index) }
    /// Set once `hub add` has printed it.
    var token = ""

    /// Bluetooth addresses unique per hub: 02:CB:KK:00:HH:HH (locally administered), KK the kind.
    func address(kind: UInt8) -> String {
        String(format: "02:CB:%02X:00:%02X:%02X", kind, index >> 8, index & 0xFF)
    }

    var hub: HubInfo {
        HubInfo(bluetoothAddress: address(kind: 0), systemID: String(format: "3D1219C7C4C5%04X", index),
                manufacturer: "CareHub", modelNumber: "CareHub hub", softwareVersion: "carehubd bench")
    }
}

/// What the Bundles of a run hold, to check the store against after the run.
struct ExpectedContent: Sendable {
    var observations = Set<String>()
    var detectedIssues = Set<String>()
    var devices = Set<String>()

    mutating func add(_ entries: [RenderedEntry]) {
        for entry in entries {
            // `key` is the conditional create's search: `identifier=SYSTEM|VALUE`, one per resource.
            if entry.json.contains(#""resourceType":"Observation""#) { observations.insert(entry.key) }
            else if entry.json.contains(#""resourceType":"DetectedIssue""#) { detectedIssues.insert(entry.key) }
            else if entry.json.contains(#""resourceType":"Device""#) { devices.insert(entry.key) }
        }
    }

    mutating func merge(_ other: ExpectedContent) {
        observations.formUnion(other.observations)
        detectedIssues.formUnion(other.detectedIssues)
        devices.formUnion(other.devices)
    }
}

/// One Bundle ready to send: its body and how many readings it carries.
struct PreparedBundle: Sendable {
    var body: ByteBuffer
    var readings: Int
}

enum ReadingFactory {
    static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .gmt
    /// Readings are dated from 60 days back, 10 minutes apart per hub; all in the past.
    static let origin = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 - 60 * 86_400)

    static func zoned(_ date: Date) -> ZonedTime {
        ZonedTime(date: date, utcOffsetSeconds: stockholm.secondsFromGMT(for: date))
    }

    /// Reading `n` of `hub`, mapped and rendered as carehubd stores it at commit.
    static func reading(_ n: Int, of hub: SimulatedHub) throws -> [RenderedEntry] {
        let effective = origin.addingTimeInterval(Double(n) * 600 + Double(hub.index))
        let local = zoned(effective)
        let deviceSeconds = Int(effective.timeIntervalSince1970) + local.utcOffsetSeconds - 946_684_800
        let isCuff = n % 2 == 0
        let deviates = (n / 2) % 25 == 24
        let measurement: HealthProfiles.Measurement
        let assessment: ReadingAssessment
        let assessedAt = zoned(effective.addingTimeInterval(20))
        if isCuff {
            let systolic = deviates ? 186 : 118 + (n / 2) % 17
            let diastolic = deviates ? 104 : 74 + (n / 2) % 9
            measurement = try decode(.bloodPressureMeasurement, bloodPressure(systolic, diastolic, pulse: 62 + n % 11, at: local))
            assessment = deviates
                ? ReadingAssessment(colour: .red, ruleIDs: ["B1"], ruleSetVersion: "hf-default-2025.1",
                                    parameters: [.init(name: "bp.systolic", value: FHIRDecimal(180), patientSpecific: false)],
                                    text: "Högt blodtryck: systoliskt 186 mmHg (gräns 180).", assessedAt: assessedAt)
                : ReadingAssessment(colour: .green, ruleIDs: [], ruleSetVersion: "hf-default-2025.1", parameters: [],
                                    text: "Inget avvikande.", assessedAt: assessedAt)
        } else {
            let kg = deviates ? 83.4 : 80.0 + Double((n / 2) % 7) * 0.1
            measurement = try decode(.weightMeasurement, weight(kg: kg, at: local))
            assessment = deviates
                ? ReadingAssessment(colour: .yellow, ruleIDs: ["W1"], ruleSetVersion: "hf-default-2025.1",
                                    parameters: [.init(name: "weight.gain_3d", value: FHIRDecimal(2), patientSpecific: true)],
                                    text: "Viktökning 3,4 kg på 3 dagar (gräns 2 kg).", assessedAt: assessedAt)
                : ReadingAssessment(colour: .green, ruleIDs: [], ruleSetVersion: "hf-default-2025.1", parameters: [],
                                    text: "Inget avvikande.", assessedAt: assessedAt)
        }
        let device = PhdDeviceInfo(
            address: hub.address(kind: isCuff ? 1 : 2), manufacturer: isCuff ? "Omron" : "A&D",
            modelNumber: isCuff ? "HEM-7361T" : "UC-352BLE", serialNumber: String(format: "SN%06d", hub.index))
        let input = ReadingInput(
            measurement: measurement, patientID: hub.patient, device: device, hub: hub.hub, effective: local,
            assessment: assessment)
        guard let mdc = try PhdMapping.observationCodes(for: measurement).first,
              let phdIdentifier = PhdObservationIdentifier.value(
                  deviceIdentifier: device.address, patientID: hub.patient, mdcType: mdc,
                  timestamp: .device(secondsSince2000: deviceSeconds))
        else { throw BenchError("reading \(n) of \(hub.id) has no PHD identifier") }
        let identifiers = try PhdMapping.identifiers(for: input, phdIdentifier: phdIdentifier)
        return try PhdMapping.entries(for: input, identifiers: identifiers).map(RenderedEntry.init)
    }

    /// The Bundles `hub` sends: `count` of `batch` readings each, from reading `first` on, uploaded
    /// (`issued`) a day after the last reading.
    static func bundles(for hub: SimulatedHub, first: Int, count: Int, batch: Int, expected: inout ExpectedContent) throws -> [PreparedBundle] {
        try (0..<count).map { b in
            let readings = try (0..<batch).map { try reading(first + b * batch + $0, of: hub) }
            for entries in readings { expected.add(entries) }
            let upload = zoned(origin.addingTimeInterval(Double(first + (b + 1) * batch) * 600 + 86_400))
            let json = try TransactionBundle.compactJSON(rendered: readings, uploadTime: upload)
            return PreparedBundle(body: ByteBuffer(bytes: json.utf8), readings: batch)
        }
    }

    // GATT payloads as the devices send them (little-endian SFLOAT, BLE Date Time).
    static func sfloat(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0x0F)] }

    static func timestamp(_ time: ZonedTime) -> [UInt8] {
        // The dateTime text is the local wall clock: "YYYY-MM-DDTHH:MM:SS+hh:mm".
        let digits = Array(time.dateTime.utf8).map { Int($0) - 48 }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + digits[$1] } }
        let year = number(0..<4)
        return [UInt8(year & 0xFF), UInt8(year >> 8), UInt8(number(5..<7)), UInt8(number(8..<10)),
                UInt8(number(11..<13)), UInt8(number(14..<16)), UInt8(number(17..<19))]
    }

    /// 0x2A35: mmHg, time stamp, pulse, measurement status (all clear).
    static func bloodPressure(_ systolic: Int, _ diastolic: Int, pulse: Int, at time: ZonedTime) -> [UInt8] {
        let mean = (diastolic * 3 + (systolic - diastolic) + 1) / 3
        return [0x16] + sfloat(systolic) + sfloat(diastolic) + sfloat(mean) + timestamp(time) + sfloat(pulse) + [0, 0]
    }

    /// 0x2A9D: SI units with a time stamp, weight in 0.005 kg steps.
    static func weight(kg: Double, at time: ZonedTime) -> [UInt8] {
        let raw = UInt16((kg / 0.005).rounded())
        return [0x02, UInt8(raw & 0xFF), UInt8(raw >> 8)] + timestamp(time)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
