import Foundation
import GRDB

extension HubStore {
    /// The reading pipeline's per-reading read: the slot's active assignment, the duplicate check,
    /// and the patient's thresholds and alert state, on one connection with cached statements
    /// stepped and read with raw SQLite calls (``FastStatement``).
    ///
    /// Costs one connection checkout and one read transaction instead of four `read`s, each of which
    /// pays GRDB's savepoint, read-only pragma and schema-version check, and no statement is
    /// re-prepared. Runs on the writer
    /// connection, between commits (the pipeline is the only writer of readings, so it never waits
    /// on itself); every value is read fresh, so a threshold, alert-state or assignment change
    /// written by anyone applies to the next reading.
    ///
    /// `reading.patientID` is the patient the caller expects the slot to be bound to; the thresholds
    /// and alert state are that patient's. Compare it with `assignedPatient` before using them.
    public func readingInputs(for reading: NewReading) throws(StoreError) -> ReadingInputs {
        let row = try ReadingRow(reading)
        return try readOnWriter { db in
            // The device's active slots (a handful at most); the slot's own one wins over the
            // whole-device one, as in activeAssignment, without an ORDER BY sorter.
            var exact: String?
            var whole: String?
            var anyUserSlot = false
            var slots = try FastStatement(db, sql: """
                SELECT patient_id, user_index FROM assignment WHERE device_address = ? AND revoked_at IS NULL
                """)
            slots.bind(row.deviceAddress)
            try slots.forEachRow { slot in
                let user = slot.int(1)
                if user == nil {
                    whole = slot.text(0)
                } else {
                    anyUserSlot = true
                    if user == row.userIndex { exact = slot.text(0) }
                }
            }
            let patient = exact ?? (row.userIndex == nil || !anyUserSlot ? whole : nil)
            if let duplicate = try Self.existingDuplicate(db, row) {
                return ReadingInputs(assignedPatient: patient, duplicate: duplicate, thresholds: [:], alertStates: [:])
            }
            return try ReadingInputs(
                assignedPatient: patient, duplicate: nil, thresholds: Self.thresholds(db, patient: reading.patientID),
                alertStates: Self.alertStates(db, patient: reading.patientID))
        }
    }

    /// ``activeAssignment(address:userIndex:)`` inside a caller's access, with a cached statement
    /// (the same rule as the `patient_id` query of ``readingInputs(for:)``, which a test keeps in step).
    static func activeAssignment(_ db: Database, address: String, userIndex: Int?) throws -> Assignment? {
        // A user index with no slot of its own falls back to the whole-device row only while the
        // device has no per-user slot: a guest on a shared cuff must not land on the owner.
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT * FROM assignment
            WHERE device_address = ?1 AND revoked_at IS NULL AND (user_index IS ?2 OR (user_index IS NULL AND (
                ?2 IS NULL OR NOT EXISTS (SELECT 1 FROM assignment
                    WHERE device_address = ?1 AND revoked_at IS NULL AND user_index IS NOT NULL))))
            ORDER BY user_index IS NULL LIMIT 1
            """), arguments: [address, userIndex]).map(Self.assignment(from:))
    }

    /// ``thresholds(patient:)`` inside a caller's access, with a cached statement.
    static func thresholds(_ db: Database, patient: String) throws -> [String: Double] {
        var result: [String: Double] = [:]
        var select = try FastStatement(db, sql: "SELECT parameter, value FROM threshold WHERE patient_id = ?")
        select.bind(patient)
        // Both columns are NOT NULL (parameter is the key of a WITHOUT ROWID table).
        try select.forEachRow { row in
            if let parameter = row.text(0) { result[parameter] = row.double(1) }
        }
        return result
    }

    /// ``alertStates(patient:)`` inside a caller's access, with a cached statement.
    static func alertStates(_ db: Database, patient: String) throws -> [String: String] {
        var result: [String: String] = [:]
        var select = try FastStatement(db, sql: "SELECT signal, state_json FROM alert_state WHERE patient_id = ?")
        select.bind(patient)
        try select.forEachRow { row in
            if let signal = row.text(0), let state = row.text(1) { result[signal] = state }
        }
        return result
    }
}
