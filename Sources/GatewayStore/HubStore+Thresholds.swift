import Foundation
import GRDB

extension HubStore {
    /// Sets a per-patient override of a triage parameter and appends the change to the audit trail.
    public func setThreshold(
        patient: String, parameter: String, value: Double, changedBy: String, reason: String, at: Date
    ) throws(StoreError) {
        guard value.isFinite else { throw .invalidInput("threshold \(parameter) must be a finite number") }
        try changeThreshold(patient: patient, parameter: parameter, value: value, changedBy: changedBy,
                            reason: reason, at: at)
    }

    /// Removes a per-patient override (the default applies again), recorded in the audit trail.
    public func clearThreshold(
        patient: String, parameter: String, changedBy: String, reason: String, at: Date
    ) throws(StoreError) {
        try changeThreshold(patient: patient, parameter: parameter, value: nil, changedBy: changedBy,
                            reason: reason, at: at)
    }

    /// The patient's current overrides: parameter → value.
    public func thresholds(patient: String) throws(StoreError) -> [String: Double] {
        try read { db in try Self.thresholds(db, patient: patient) }
    }

    /// Every change to the patient's overrides, oldest first.
    public func thresholdHistory(patient: String) throws(StoreError) -> [ThresholdChange] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM threshold_audit WHERE patient_id = ? ORDER BY id
                """, arguments: [patient]).map { row in
                try ThresholdChange(
                    patientID: row.decode(forColumn: "patient_id"), parameter: row.decode(forColumn: "parameter"),
                    oldValue: row.decode(forColumn: "old_value"), newValue: row.decode(forColumn: "new_value"),
                    changedBy: row.decode(forColumn: "changed_by"), changedAt: row.decode(forColumn: "changed_at"),
                    reason: row.decode(forColumn: "reason"))
            }
        }
    }

    private func changeThreshold(
        patient: String, parameter: String, value: Double?, changedBy: String, reason: String, at: Date
    ) throws(StoreError) {
        guard !patient.isEmpty, !parameter.isEmpty else { throw .invalidInput("empty patient or parameter") }
        guard !changedBy.trimmingCharacters(in: .whitespaces).isEmpty,
              !reason.trimmingCharacters(in: .whitespaces).isEmpty
        else { throw .invalidInput("a threshold change needs who (changedBy) and why (reason)") }
        try write { db in
            let old = try Double.fetchOne(
                db, sql: "SELECT value FROM threshold WHERE patient_id = ? AND parameter = ?",
                arguments: [patient, parameter])
            if let value {
                try db.execute(sql: """
                    INSERT INTO threshold (patient_id, parameter, value, changed_by, changed_at, reason)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (patient_id, parameter) DO UPDATE SET value = excluded.value,
                        changed_by = excluded.changed_by, changed_at = excluded.changed_at, reason = excluded.reason
                    """, arguments: [patient, parameter, value, changedBy, StoreTime.text(at), reason])
            } else {
                try db.execute(sql: "DELETE FROM threshold WHERE patient_id = ? AND parameter = ?",
                               arguments: [patient, parameter])
            }
            try db.execute(sql: """
                INSERT INTO threshold_audit (patient_id, parameter, old_value, new_value, changed_by, changed_at, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [patient, parameter, old, value, changedBy, StoreTime.text(at), reason])
        }
        logger.info("threshold changed", metadata: ["parameter": "\(parameter)"])
    }
}
