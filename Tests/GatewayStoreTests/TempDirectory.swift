import Foundation
import GRDB
import Logging
@testable import GatewayStore

/// A fresh directory under the system temp dir, removed when the test's last reference goes away.
final class TempDirectory {
    let url: URL
    var path: String { url.path }
    var databasePath: String { url.appendingPathComponent("carehub.db").path }

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("carehub-store-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func openStore() throws -> HubStore {
        try HubStore.open(path: databasePath, logger: Logger(label: "test.store"))
    }
}

extension HubStore {
    /// Row count of a table, read through the store's own connection.
    func count(_ table: String) throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }
}

/// Readings shaped like a real 0x2A35 indication (flags, SFLOAT mmHg, Date Time, pulse, user, status).
enum Fixture {
    static let cuff = "A4:C1:38:00:00:01"
    static let scale = "A4:C1:38:00:00:02"
    static let patient = "pat-0001"
    /// 2026-11-18T19:33:20Z, an arbitrary fixed instant.
    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    static func bp(
        systolic: Int = 128, diastolic: Int = 82, pulse: Int = 66, deviceTime: String? = "2026-11-18T20:30:00",
        connection: String = "conn-1", receivedAt: Date = base, patient: String = patient, user: Int? = 1,
        address: String = cuff
    ) -> NewReading {
        var raw: [UInt8] = [deviceTime == nil ? 0x1C : 0x1E]
        func sfloat(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0x0F)] }
        raw += sfloat(systolic) + sfloat(diastolic) + sfloat((systolic + 2 * diastolic) / 3)
        if let deviceTime, let clock = DeviceWallClock(deviceTime) {
            raw += [UInt8(clock.year & 0xFF), UInt8(clock.year >> 8), UInt8(clock.month), UInt8(clock.day),
                    UInt8(clock.hour), UInt8(clock.minute), UInt8(clock.second)]
        }
        raw += sfloat(pulse) + [UInt8(user ?? 0xFF), 0x00, 0x00]
        return NewReading(
            deviceAddress: address, userIndex: user, patientID: patient, characteristic: "2A35",
            kind: .bloodPressure, systolic: Double(systolic), diastolic: Double(diastolic),
            meanArterialPressure: Double((systolic + 2 * diastolic) / 3), pressureUnit: "mmHg",
            pulse: Double(pulse), cuffStatus: 0, valuesJSON: #"{"irregular_pulse":false}"#, raw: raw,
            deviceTime: deviceTime, receivedAt: receivedAt, effectiveAt: receivedAt,
            phdIdentifier: "A4C138000001-\(patient)-150020-\(deviceTime ?? "\(receivedAt.timeIntervalSince1970)")",
            connectionID: connection)
    }

    static func weight(kg: Double, effectiveAt: Date, patient: String = patient) -> NewReading {
        let raw: [UInt8] = [0x00, UInt8(Int(kg * 200) & 0xFF), UInt8(Int(kg * 200) >> 8)]
        return NewReading(
            deviceAddress: scale, userIndex: nil, patientID: patient, characteristic: "0x2A9D", kind: .weight,
            weight: kg, weightUnit: "kg", raw: raw, deviceTime: nil, receivedAt: effectiveAt,
            effectiveAt: effectiveAt, phdIdentifier: "A4C138000002-\(patient)-188736-\(effectiveAt.timeIntervalSince1970)",
            connectionID: "scale-\(effectiveAt.timeIntervalSince1970)")
    }

    static func assessment(_ colour: AssessmentColour = .green, rules: [String] = ["B1", "B2", "H1"]) -> NewAssessment {
        NewAssessment(
            colour: colour, ruleIDs: rules, parametersJSON: #"{"sbp.high_yellow":135}"#,
            observationsJSON: #"{"sbp":128}"#, rulesetVersion: "hf-default-2025.1",
            textSV: "Värdet ser bra ut.", textEN: "The value looks good.",
            priority: colour == .red ? .high : colour == .yellow ? .normal : .none, newAlert: colour != .green)
    }
}
