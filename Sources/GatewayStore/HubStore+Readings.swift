import Foundation
import GRDB
import JSONEscaping

extension HubStore {
    /// Commits a reading, its assessment, its outbox row and the patient's updated alert state in ONE
    /// transaction, fsynced before returning. A duplicate (see ``ReadingDedupeKey``) writes nothing.
    ///
    /// - Parameters:
    ///   - alertState: signal → JSON state from triage, opaque to the store.
    ///   - identifiersJSON: the reading's resource identifiers (conditional-create keys) as one JSON
    ///     value, computed once by the caller and stored on the outbox row, so every re-send of the
    ///     reading carries the same identifiers. Opaque to the store; must be valid JSON.
    public func commit(
        reading: NewReading, assessment: NewAssessment, alertState: [String: String] = [:],
        identifiersJSON: String = "{}"
    ) throws(StoreError) -> CommitResult {
        let row = try ReadingRow(reading)
        let result = try commitTransaction { db in
            try Self.insert(db, row, assessment, alertState, identifiersJSON: identifiersJSON)
        }
        switch result {
        case .stored(let id):
            logger.debug("reading stored", metadata: ["reading": "\(id)", "kind": "\(reading.kind)"])
        case .duplicate(let id):
            logger.debug("duplicate reading ignored", metadata: ["reading": "\(id)"])
        }
        return result
    }

    /// Inserts one reading with its assessment, outbox row and alert state inside the caller's transaction.
    ///
    /// The statements are bound with raw SQLite calls (``FastStatement``): building GRDB's
    /// `StatementArguments` for them cost more CPU than the inserts. Cached statements: preparing
    /// (and GRDB's authorizer pass) would cost more than the insert.
    static func insert(
        _ db: Database, _ row: ReadingRow, _ assessment: NewAssessment, _ alertState: [String: String],
        identifiersJSON: String
    ) throws -> CommitResult {
        let reading = row.reading
        if let existing = try Self.clocklessResend(db, row) { return .duplicate(existing: existing) }
        // The UNIQUE index is the guard for the dedupe key (ON CONFLICT below); the pre-check above
        // only covers the clockless window.
        // No RETURNING: SQLite buffers RETURNING rows in a temporary b-tree; the changes count and
        // last rowid of the connection say the same.
        var insert = try FastStatement(db, sql: """
            INSERT INTO reading (device_address, user_index, patient_id, characteristic, kind,
                systolic, diastolic, mean_arterial_pressure, pressure_unit, pulse, weight, weight_unit,
                bmi, height, height_unit, cuff_status, values_json, raw, device_time, received_at,
                effective_at, phd_identifier, connection_id, dedupe_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (dedupe_key) DO NOTHING
            """)
        row.bind(to: &insert)
        try insert.execute()
        guard db.changesCount > 0 else {
            return .duplicate(existing: ReadingID(rawValue: try idByDedupeKey(db, row) ?? 0))
        }
        let id = db.lastInsertedRowID
        if !reading.quantities.isEmpty { try insertQuantities(db, readingID: id, reading.quantities) }
        var assessmentInsert = try FastStatement(db, sql: """
            INSERT INTO assessment (reading_id, colour, rule_ids_json, parameters_json,
                observations_json, ruleset_version, text_sv, text_en, priority, new_alert)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        assessmentInsert.bind(id)
        assessmentInsert.bind(assessment.colour.rawValue)
        assessmentInsert.bind(JSONString.array(assessment.ruleIDs))
        assessmentInsert.bind(assessment.parametersJSON)
        assessmentInsert.bind(assessment.observationsJSON)
        assessmentInsert.bind(assessment.rulesetVersion)
        assessmentInsert.bind(assessment.textSV)
        assessmentInsert.bind(assessment.textEN)
        assessmentInsert.bind(assessment.priority.rawValue)
        assessmentInsert.bind(assessment.newAlert)
        try assessmentInsert.execute()
        let received = StoreTimeText(reading.receivedAt)
        var outbox = try FastStatement(db, sql: """
            INSERT INTO outbox (reading_id, created_at, next_attempt_at, identifiers_json) VALUES (?, ?, ?, ?)
            """)
        outbox.bind(id)
        outbox.bind(received)
        outbox.bind(received)
        outbox.bind(identifiersJSON)
        try outbox.execute()
        if !alertState.isEmpty {
            for (signal, state) in alertState.sorted(by: { $0.key < $1.key }) {
                var upsert = try FastStatement(db, sql: """
                    INSERT INTO alert_state (patient_id, signal, state_json, updated_at, reading_id)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (patient_id, signal) DO UPDATE SET state_json = excluded.state_json,
                        updated_at = excluded.updated_at, reading_id = excluded.reading_id
                    """)
                upsert.bind(reading.patientID)
                upsert.bind(signal)
                upsert.bind(state)
                upsert.bind(received)
                upsert.bind(id)
                try upsert.execute()
            }
        }
        return .stored(ReadingID(rawValue: id))
    }

    /// The stored reading this one duplicates, if any; lets the pipeline skip triage for resent memory.
    public func duplicateOf(_ reading: NewReading) throws(StoreError) -> ReadingID? {
        let row = try ReadingRow(reading)
        return try read { db in try Self.existingDuplicate(db, row) }
    }

    static func existingDuplicate(_ db: Database, _ row: ReadingRow) throws -> ReadingID? {
        if let id = try idByDedupeKey(db, row) { return ReadingID(rawValue: id) }
        return try clocklessResend(db, row)
    }

    /// The id of the stored reading with the row's dedupe key.
    static func idByDedupeKey(_ db: Database, _ row: ReadingRow) throws -> Int64? {
        var select = try FastStatement(db, sql: "SELECT id FROM reading WHERE dedupe_key = ?")
        select.bind(row.dedupeKey)
        return try select.fetchInt64()
    }

    /// The same payload without device time from the same device slot within the resend window.
    static func clocklessResend(_ db: Database, _ row: ReadingRow) throws -> ReadingID? {
        guard row.deviceTime == nil else { return nil }
        var select = try FastStatement(db, sql: """
            SELECT id FROM reading
            WHERE device_address = ? AND raw = ? AND device_time IS NULL AND received_at >= ? AND received_at <= ?
              AND user_index IS ? AND characteristic = ?
            ORDER BY id DESC LIMIT 1
            """)
        select.bind(row.deviceAddress)
        select.bind(blob: row.raw)
        select.bind(StoreTimeText(row.receivedAt.addingTimeInterval(-clocklessResendWindow)))
        select.bind(StoreTimeText(row.receivedAt))
        select.bind(row.userIndex)
        select.bind(row.characteristic)
        return try select.fetchInt64().map(ReadingID.init(rawValue:))
    }

    // MARK: queries for triage and the display page

    /// The newest readings with their assessments, newest first; all patients when `patient` is nil.
    public func recentReadings(patient: String? = nil, limit: Int) throws(StoreError) -> [StoredReading] {
        try read { db in
            if let patient {
                return try Self.fetchStored(db, where: "r.patient_id = ?", order: "r.id DESC", limit: limit,
                                            arguments: [patient])
            }
            return try Self.fetchStored(db, where: "1", order: "r.id DESC", limit: limit, arguments: [])
        }
    }

    /// A patient's readings of one kind with `from <= effectiveAt < to`, oldest first (trends, BP sessions).
    public func readings(patient: String, kind: ReadingKind, from: Date, to: Date) throws(StoreError) -> [StoredReading] {
        try read { db in
            try Self.fetchStored(
                db, where: "r.patient_id = ? AND r.kind = ? AND r.effective_at >= ? AND r.effective_at < ?",
                order: "r.effective_at, r.id", limit: nil, arguments: [patient, kind.rawValue, StoreTime.text(from), StoreTime.text(to)])
        }
    }

    /// One reading with its assessment.
    public func reading(id: ReadingID) throws(StoreError) -> StoredReading? {
        try read { db in
            try Self.fetchStored(db, where: "r.id = ?", order: "r.id", limit: 1, arguments: [id.rawValue]).first
        }
    }

    /// The latest effective time per kind for a patient (missing-weight rule, status).
    public func lastReadingTimes(patient: String) throws(StoreError) -> [ReadingKind: Date] {
        try read { db in
            var result: [ReadingKind: Date] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT kind, max(effective_at) AS last FROM reading WHERE patient_id = ? GROUP BY kind
                """, arguments: [patient])
            for row in rows {
                if let kind: String = try row.decode(forColumn: "kind"), let last: Date = try row.decode(forColumn: "last") {
                    result[ReadingKind(rawValue: kind)] = last
                }
            }
            return result
        }
    }

    /// The patient's alert state per signal, as triage last supplied it.
    public func alertStates(patient: String) throws(StoreError) -> [String: String] {
        try read { db in try Self.alertStates(db, patient: patient) }
    }

    /// Replaces one signal's alert state outside a reading (e.g. the clinic acknowledged the alert).
    public func setAlertState(patient: String, signal: String, stateJSON: String, at: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO alert_state (patient_id, signal, state_json, updated_at, reading_id)
                VALUES (?, ?, ?, ?, NULL)
                ON CONFLICT (patient_id, signal) DO UPDATE SET state_json = excluded.state_json,
                    updated_at = excluded.updated_at, reading_id = NULL
                """, arguments: [patient, signal, stateJSON, StoreTime.text(at)])
        }
    }
}
