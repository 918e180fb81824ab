import Foundation
import GRDB

/// A validated, normalised `NewReading` as it goes into the `reading` table.
struct ReadingRow {
    let reading: NewReading
    let deviceAddress: String
    let characteristic: String
    let deviceTime: DeviceWallClock?
    let raw: Data
    let dedupeKey: String
    var userIndex: Int? { reading.userIndex }
    var receivedAt: Date { reading.receivedAt }

    init(_ reading: NewReading) throws(StoreError) {
        let address = reading.deviceAddress.uppercased()
        guard !address.isEmpty else { throw .invalidInput("empty device address") }
        guard !reading.patientID.isEmpty else { throw .invalidInput("empty patient id") }
        guard !reading.phdIdentifier.isEmpty else { throw .invalidInput("empty PHD identifier") }
        var characteristic = reading.characteristic.uppercased()
        if characteristic.hasPrefix("0X") { characteristic.removeFirst(2) }
        guard !characteristic.isEmpty, characteristic.allSatisfy(\.isHexDigit) else {
            throw .invalidInput("characteristic must be a hex UUID like 2A35")
        }
        var clock: DeviceWallClock?
        if let text = reading.deviceTime {
            guard let parsed = DeviceWallClock(text) else {
                throw .invalidInput("device time must be YYYY-MM-DDTHH:MM:SS (or nil when unknown)")
            }
            clock = parsed
        }
        let numbers = [reading.systolic, reading.diastolic, reading.meanArterialPressure, reading.pulse,
                       reading.weight, reading.bmi, reading.height].compactMap { $0 }
        guard numbers.allSatisfy(\.isFinite) else {
            throw .invalidInput("typed values must be finite; put NaN/NRes/INF specials in values_json")
        }
        self.reading = reading
        self.deviceAddress = address
        self.characteristic = characteristic
        self.deviceTime = clock
        self.raw = Data(reading.raw)
        self.dedupeKey = ReadingDedupeKey.make(
            deviceAddress: address, userIndex: reading.userIndex, characteristic: characteristic,
            deviceTime: clock, raw: reading.raw, connectionID: reading.connectionID)
    }

    var insertArguments: StatementArguments {
        let r = reading
        let values: [(any DatabaseValueConvertible)?] = [
            deviceAddress, r.userIndex, r.patientID, characteristic, r.kind.rawValue,
            r.systolic, r.diastolic, r.meanArterialPressure, r.pressureUnit, r.pulse, r.weight,
            r.weightUnit, r.bmi, r.height, r.heightUnit, r.cuffStatus, r.valuesJSON, raw,
            deviceTime?.description, StoreTime.text(r.receivedAt), StoreTime.text(r.effectiveAt), r.phdIdentifier, r.connectionID, dedupeKey,
        ]
        return StatementArguments(values)
    }
}

extension GatewayStore {
    static let storedColumns = """
        r.id, r.device_address, r.user_index, r.patient_id, r.characteristic, r.kind, r.systolic,
        r.diastolic, r.mean_arterial_pressure, r.pressure_unit, r.pulse, r.weight, r.weight_unit, r.bmi,
        r.height, r.height_unit, r.cuff_status, r.values_json, r.raw, r.device_time, r.received_at,
        r.effective_at, r.phd_identifier, r.connection_id,
        a.reading_id AS a_id, a.colour, a.rule_ids_json, a.parameters_json, a.observations_json,
        a.ruleset_version, a.text_sv, a.text_en, a.priority, a.new_alert
        """

    static func fetchStored(
        _ db: Database, where condition: String, order: String, limit: Int?, arguments: StatementArguments
    ) throws -> [StoredReading] {
        var sql = "SELECT \(storedColumns) FROM reading r LEFT JOIN assessment a ON a.reading_id = r.id "
            + "WHERE \(condition) ORDER BY \(order)"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(storedReading(from:))
    }

    static func storedReading(from row: Row) throws -> StoredReading {
        let reading = try NewReading(
            deviceAddress: row.decode(forColumn: "device_address"), userIndex: row.decode(forColumn: "user_index"), patientID: row.decode(forColumn: "patient_id"),
            characteristic: row.decode(forColumn: "characteristic"), kind: ReadingKind(rawValue: row.decode(forColumn: "kind")),
            systolic: row.decode(forColumn: "systolic"), diastolic: row.decode(forColumn: "diastolic"),
            meanArterialPressure: row.decode(forColumn: "mean_arterial_pressure"), pressureUnit: row.decode(forColumn: "pressure_unit"),
            pulse: row.decode(forColumn: "pulse"), weight: row.decode(forColumn: "weight"), weightUnit: row.decode(forColumn: "weight_unit"), bmi: row.decode(forColumn: "bmi"),
            height: row.decode(forColumn: "height"), heightUnit: row.decode(forColumn: "height_unit"), cuffStatus: row.decode(forColumn: "cuff_status"),
            valuesJSON: row.decode(forColumn: "values_json"), raw: [UInt8]((row.decode(forColumn: "raw") as Data?) ?? Data()),
            deviceTime: row.decode(forColumn: "device_time"), receivedAt: row.decode(forColumn: "received_at"), effectiveAt: row.decode(forColumn: "effective_at"),
            phdIdentifier: row.decode(forColumn: "phd_identifier"), connectionID: row.decode(forColumn: "connection_id"))
        var assessment: NewAssessment?
        if try (row.decode(forColumn: "a_id") as Int64?) != nil {
            let ruleJSON: String = try row.decode(forColumn: "rule_ids_json")
            let ruleIDs = (try? JSONDecoder().decode([String].self, from: Data(ruleJSON.utf8))) ?? []
            assessment = try NewAssessment(
                colour: AssessmentColour(rawValue: row.decode(forColumn: "colour")) ?? .grey, ruleIDs: ruleIDs,
                parametersJSON: row.decode(forColumn: "parameters_json"), observationsJSON: row.decode(forColumn: "observations_json"),
                rulesetVersion: row.decode(forColumn: "ruleset_version"), textSV: row.decode(forColumn: "text_sv"), textEN: row.decode(forColumn: "text_en"),
                priority: WorklistPriority(rawValue: row.decode(forColumn: "priority")) ?? .none, newAlert: row.decode(forColumn: "new_alert"))
        }
        return try StoredReading(id: ReadingID(rawValue: row.decode(forColumn: "id")), reading: reading, assessment: assessment)
    }
}
