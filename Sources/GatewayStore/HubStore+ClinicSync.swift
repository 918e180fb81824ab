import Foundation
import GRDB

extension HubStore {
    /// Migration `v4-clinic-sync`: what the hub needs to follow the clinic's store (docs/CLINIC-SYNC.md).
    ///
    /// - `message.sender`, `message.sent_at`: who wrote a clinic message and when, as the store says.
    /// - `clinic_cursor`: per patient, the newest `meta.lastUpdated` of a message seen (the next poll
    ///   asks from a little before it, so a restart does not fetch everything again) and the version
    ///   of the threshold set last applied (a set is applied once per version).
    /// - `contact_request`: the patient's "please call me", stored before it is sent and kept until
    ///   the store accepted it (`sent_at`), so neither a restart nor a store outage loses it.
    static let v4ClinicSyncSchema = """
        ALTER TABLE message ADD COLUMN sender TEXT;
        ALTER TABLE message ADD COLUMN sent_at TEXT;

        CREATE TABLE clinic_cursor (
            patient_id TEXT PRIMARY KEY NOT NULL,
            messages_updated TEXT,
            thresholds_version TEXT
        ) WITHOUT ROWID;

        CREATE TABLE contact_request (
            id INTEGER PRIMARY KEY,
            patient_id TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            requested_at_ms INTEGER NOT NULL,
            text TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            sent_at TEXT
        );
        CREATE INDEX contact_request_unsent ON contact_request(id) WHERE sent_at IS NULL;
        """

    /// Patients with an active assignment on this hub, sorted: whose messages and thresholds it follows.
    public func assignedPatients() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT patient_id FROM assignment WHERE revoked_at IS NULL ORDER BY patient_id
                """)
        }
    }

    /// Where the hub is in following the clinic's store for one patient.
    public func clinicCursor(patient: String) throws(StoreError) -> ClinicCursor {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT messages_updated, thresholds_version FROM clinic_cursor WHERE patient_id = ?
                """, arguments: [patient])
            else { return ClinicCursor(messagesUpdated: nil, thresholdsVersion: nil) }
            return try ClinicCursor(
                messagesUpdated: row.decode(forColumn: "messages_updated"), thresholdsVersion: row.decode(forColumn: "thresholds_version"))
        }
    }

    /// Stores the clinic messages fetched for a patient (each once, by its remote id) and moves the
    /// patient's message cursor to `newestUpdated`, in one transaction. Returns how many were new.
    @discardableResult
    public func receiveClinicMessages(
        _ messages: [IncomingMessage], patient: String, newestUpdated: String?, receivedAt: Date
    ) throws(StoreError) -> Int {
        try write { db in
            var added = 0
            for message in messages {
                if try Self.insertMessage(db, message, receivedAt: receivedAt) { added += 1 }
            }
            if let newestUpdated {
                try db.execute(sql: """
                    INSERT INTO clinic_cursor (patient_id, messages_updated) VALUES (?, ?)
                    ON CONFLICT (patient_id) DO UPDATE SET messages_updated = excluded.messages_updated
                    """, arguments: [patient, newestUpdated])
            }
            return added
        }
    }

    /// Inserts a message unless its remote id is stored already; true when it was new.
    static func insertMessage(_ db: Database, _ message: IncomingMessage, receivedAt: Date) throws -> Bool {
        let (kind, value): (String, String?) = switch message.scope {
        case .patient(let id): ("patient", id)
        case .group(let name): ("group", name)
        case .all: ("all", nil)
        }
        try db.execute(sql: """
            INSERT INTO message (remote_id, scope, scope_value, text, received_at, sender, sent_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (remote_id) DO NOTHING
            """, arguments: [message.remoteID, kind, value, message.text, StoreTime.text(receivedAt), message.sender,
                             message.sentAt.map(StoreTime.text)])
        return db.changesCount > 0
    }

    /// Makes the patient's overrides exactly `set` (a parameter not in it is cleared), each change in
    /// the audit trail with the clinic's who, when and why, and records `version` as applied; all in
    /// one transaction. A version already applied changes nothing. Returns the parameters changed.
    @discardableResult
    public func applyThresholdSet(
        patient: String, set: [ClinicThreshold], version: String, clearedBy: String
    ) throws(StoreError) -> [String] {
        guard !patient.isEmpty else { throw .invalidInput("empty patient") }
        for threshold in set {
            guard !threshold.parameter.isEmpty, threshold.value.isFinite else {
                throw .invalidInput("threshold \(threshold.parameter) must be named and finite")
            }
        }
        let changed = try write { db -> [String] in
            let applied = try String.fetchOne(
                db, sql: "SELECT thresholds_version FROM clinic_cursor WHERE patient_id = ?", arguments: [patient])
            if applied == version { return [] }
            let current = try Self.thresholds(db, patient: patient)
            var changed: [String] = []
            let wanted = Dictionary(set.map { ($0.parameter, $0) }, uniquingKeysWith: { _, last in last })
            for (parameter, threshold) in wanted.sorted(by: { $0.key < $1.key }) where current[parameter] != threshold.value {
                try Self.recordThreshold(
                    db, patient: patient, parameter: parameter, old: current[parameter], new: threshold.value,
                    changedBy: Self.nonEmpty(threshold.changedBy, or: clearedBy), at: threshold.changedAt,
                    reason: Self.nonEmpty(threshold.reason, or: "set by the clinic (version \(version))"))
                changed.append(parameter)
            }
            let latest = set.map(\.changedAt).max() ?? Date()
            for (parameter, old) in current.sorted(by: { $0.key < $1.key }) where wanted[parameter] == nil {
                try Self.recordThreshold(
                    db, patient: patient, parameter: parameter, old: old, new: nil, changedBy: clearedBy, at: latest,
                    reason: "not in the clinic's set (version \(version)): the default applies")
                changed.append(parameter)
            }
            try db.execute(sql: """
                INSERT INTO clinic_cursor (patient_id, thresholds_version) VALUES (?, ?)
                ON CONFLICT (patient_id) DO UPDATE SET thresholds_version = excluded.thresholds_version
                """, arguments: [patient, version])
            return changed
        }
        if !changed.isEmpty { logger.info("thresholds set by the clinic", metadata: ["parameters": "\(changed.count)"]) }
        return changed
    }

    private static func nonEmpty(_ text: String, or fallback: String) -> String {
        text.trimmingCharacters(in: .whitespaces).isEmpty ? fallback : text
    }

    /// Writes (or clears, `new` nil) one override and its audit row.
    static func recordThreshold(
        _ db: Database, patient: String, parameter: String, old: Double?, new: Double?, changedBy: String, at: Date,
        reason: String
    ) throws {
        if let new {
            try db.execute(sql: """
                INSERT INTO threshold (patient_id, parameter, value, changed_by, changed_at, reason)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (patient_id, parameter) DO UPDATE SET value = excluded.value,
                    changed_by = excluded.changed_by, changed_at = excluded.changed_at, reason = excluded.reason
                """, arguments: [patient, parameter, new, changedBy, StoreTime.text(at), reason])
        } else {
            try db.execute(sql: "DELETE FROM threshold WHERE patient_id = ? AND parameter = ?", arguments: [patient, parameter])
        }
        try db.execute(sql: """
            INSERT INTO threshold_audit (patient_id, parameter, old_value, new_value, changed_by, changed_at, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [patient, parameter, old, new, changedBy, StoreTime.text(at), reason])
    }
}
