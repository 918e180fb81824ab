import Foundation
import GRDB

/// A validated, normalised `NewReading` as it goes into the `reading` table.
struct ReadingRow {
    let reading: NewReading
    let deviceAddress: String
    let characteristic: String
    /// The validated device time (`YYYY-MM-DDTHH:MM:SS`, the text of a ``DeviceWallClock``); nil when unknown.
    let deviceTime: String?
    let dedupeKey: String
    var userIndex: Int? { reading.userIndex }
    var receivedAt: Date { reading.receivedAt }
    var raw: [UInt8] { reading.raw }

    init(_ reading: NewReading) throws(StoreError) {
        let address = Self.uppercased(reading.deviceAddress)
        guard !address.isEmpty else { throw .invalidInput("empty device address") }
        guard !reading.patientID.isEmpty else { throw .invalidInput("empty patient id") }
        guard !reading.phdIdentifier.isEmpty else { throw .invalidInput("empty PHD identifier") }
        guard let characteristic = Self.characteristic(reading.characteristic) else {
            throw .invalidInput("characteristic must be a hex UUID like 2A35")
        }
        // A text that parses is exactly its clock's description, so the text itself is stored.
        if let text = reading.deviceTime, DeviceWallClock(text) == nil {
            throw .invalidInput("device time must be YYYY-MM-DDTHH:MM:SS (or nil when unknown)")
        }
        func finite(_ value: Double?) -> Bool { value?.isFinite ?? true }
        guard finite(reading.systolic), finite(reading.diastolic), finite(reading.meanArterialPressure),
              finite(reading.pulse), finite(reading.weight), finite(reading.bmi), finite(reading.height)
        else {
            throw .invalidInput("typed values must be finite; put NaN/NRes/INF specials in values_json")
        }
        self.reading = reading
        self.deviceAddress = address
        self.characteristic = characteristic
        self.deviceTime = reading.deviceTime
        self.dedupeKey = ReadingDedupeKey.make(
            deviceAddress: address, userIndex: reading.userIndex, characteristic: characteristic,
            deviceTimeText: reading.deviceTime, raw: reading.raw, connectionID: reading.connectionID)
    }

    /// `text.uppercased()`; for ASCII (every real address) without Unicode case mapping, and without
    /// a copy when it is upper-case already.
    static func uppercased(_ text: String) -> String {
        var lower = false
        for byte in text.utf8 {
            if byte >= 0x80 { return text.uppercased() }
            if byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { lower = true }
        }
        guard lower else { return text }
        return String(unsafeUninitializedCapacity: text.utf8.count) { out in
            var count = 0
            for byte in text.utf8 {
                out[count] = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte
                count += 1
            }
            return count
        }
    }

    /// The characteristic upper-case without a `0X` prefix; nil unless it is then non-empty hex.
    static func characteristic(_ text: String) -> String? {
        var characteristic = uppercased(text)
        if characteristic.utf8.contains(where: { $0 >= 0x80 }) {
            // Not ASCII: Unicode's rules, as always (fullwidth digits are hex digits to Character).
            if characteristic.hasPrefix("0X") { characteristic.removeFirst(2) }
            guard !characteristic.isEmpty, characteristic.allSatisfy(\.isHexDigit) else { return nil }
            return characteristic
        }
        var digits = Substring(characteristic)
        if digits.utf8.starts(with: "0X".utf8) { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
        }) else { return nil }
        return digits.utf8.count == characteristic.utf8.count ? characteristic : String(digits)
    }

    /// Binds the `reading` insert's 24 values in column order (see ``HubStore/insert(_:_:_:_:identifiersJSON:)``).
    func bind(to statement: inout FastStatement) {
        let r = reading
        statement.bind(deviceAddress)
        statement.bind(r.userIndex)
        statement.bind(r.patientID)
        statement.bind(characteristic)
        statement.bind(r.kind.rawValue)
        statement.bind(r.systolic)
        statement.bind(r.diastolic)
        statement.bind(r.meanArterialPressure)
        statement.bind(r.pressureUnit)
        statement.bind(r.pulse)
        statement.bind(r.weight)
        statement.bind(r.weightUnit)
        statement.bind(r.bmi)
        statement.bind(r.height)
        statement.bind(r.heightUnit)
        statement.bind(r.cuffStatus)
        statement.bind(r.valuesJSON)
        statement.bind(blob: r.raw)
        statement.bind(deviceTime)
        statement.bind(StoreTimeText(r.receivedAt))
        statement.bind(StoreTimeText(r.effectiveAt))
        statement.bind(r.phdIdentifier)
        statement.bind(r.connectionID)
        statement.bind(dedupeKey)
    }
}

extension HubStore {
    static let storedColumns = """
        r.id, r.device_address, r.user_index, r.patient_id, r.characteristic, r.kind, r.systolic,
        r.diastolic, r.mean_arterial_pressure, r.pressure_unit, r.pulse, r.weight, r.weight_unit, r.bmi,
        r.height, r.height_unit, r.cuff_status, r.values_json, r.raw, r.device_time, r.received_at,
        r.effective_at, r.phd_identifier, r.connection_id,
        a.reading_id AS a_id, a.colour, a.rule_ids_json, a.parameters_json, a.observations_json,
        a.ruleset_version, a.text_sv, a.text_en, a.priority, a.new_alert
        """

    /// Each of `storedColumns`' names and its position: a row that starts with them is decoded by
    /// index. GRDB's lookup by name lowercases the name on every call, and a reading has 34 of
    /// them; that was 7 % of the upload's CPU (perf, carehub-forward-bench).
    static let storedColumnIndex: [String: Int] = {
        var index: [String: Int] = [:]
        for (position, part) in storedColumns.split(separator: ",").enumerated() {
            let column = part.trimmingCharacters(in: .whitespacesAndNewlines)
            let name = column.components(separatedBy: " AS ").last.flatMap { $0.split(separator: ".").last.map(String.init) } ?? column
            index[name] = position
        }
        return index
    }()

    /// One decoder for every reading's rule ids (making one per row cost more than the decoding).
    static let ruleIDsDecoder = JSONDecoder()

    static func fetchStored(
        _ db: Database, where condition: String, order: String, limit: Int?, arguments: StatementArguments
    ) throws -> [StoredReading] {
        var sql = "SELECT \(storedColumns) FROM reading r LEFT JOIN assessment a ON a.reading_id = r.id "
            + "WHERE \(condition) ORDER BY \(order)"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(storedReading(from:))
    }

    static func storedReading(from row: Row) throws -> StoredReading {
        let row = StoredRow(row: row)
        let reading = try NewReading(
            deviceAddress: row.value("device_address"), userIndex: row.value("user_index"), patientID: row.value("patient_id"),
            characteristic: row.value("characteristic"), kind: ReadingKind(rawValue: row.value("kind")),
            systolic: row.value("systolic"), diastolic: row.value("diastolic"),
            meanArterialPressure: row.value("mean_arterial_pressure"), pressureUnit: row.value("pressure_unit"),
            pulse: row.value("pulse"), weight: row.value("weight"), weightUnit: row.value("weight_unit"), bmi: row.value("bmi"),
            height: row.value("height"), heightUnit: row.value("height_unit"), cuffStatus: row.value("cuff_status"),
            valuesJSON: row.value("values_json"), raw: [UInt8]((row.value("raw") as Data?) ?? Data()),
            deviceTime: row.value("device_time"), receivedAt: row.value("received_at"), effectiveAt: row.value("effective_at"),
            phdIdentifier: row.value("phd_identifier"), connectionID: row.value("connection_id"))
        var assessment: NewAssessment?
        if try (row.value("a_id") as Int64?) != nil {
            let ruleJSON: String = try row.value("rule_ids_json")
            let ruleIDs = (try? Self.ruleIDsDecoder.decode([String].self, from: Data(ruleJSON.utf8))) ?? []
            assessment = try NewAssessment(
                colour: AssessmentColour(rawValue: row.value("colour")) ?? .grey, ruleIDs: ruleIDs,
                parametersJSON: row.value("parameters_json"), observationsJSON: row.value("observations_json"),
                rulesetVersion: row.value("ruleset_version"), textSV: row.value("text_sv"), textEN: row.value("text_en"),
                priority: WorklistPriority(rawValue: row.value("priority")) ?? .none, newAlert: row.value("new_alert"))
        }
        return try StoredReading(id: ReadingID(rawValue: row.value("id")), reading: reading, assessment: assessment)
    }
}

/// A row that starts with ``HubStore/storedColumns``, read by position (by name for anything else).
struct StoredRow {
    let row: Row

    func value<Value: DatabaseValueConvertible>(_ name: String) throws -> Value {
        guard let index = HubStore.storedColumnIndex[name], index < row.count else { return try row.decode(forColumn: name) }
        return try row.decode(atIndex: index)
    }
}
