import GRDB

extension HubStore {
    /// Append-only migrations. Never edit a shipped migration: add `v2-…`.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial-schema") { db in
            try db.execute(sql: v1Schema)
        }
        migrator.registerMigration("v2-forgotten-devices") { db in
            try db.execute(sql: v2ForgottenDevices)
        }
        migrator.registerMigration("v2-more-kinds") { db in
            try db.execute(sql: v2MoreKindsSchema)
        }
        migrator.registerMigration("v3-forwarding") { db in
            try db.execute(sql: v3ForwardingSchema)
        }
        migrator.registerMigration("v4-clinic-sync") { db in
            try db.execute(sql: v4ClinicSyncSchema)
        }
        return migrator
    }()

    static let migrationIdentifiers: [String] = migrator.migrations

    /// Times are GRDB's UTC text (`YYYY-MM-DD HH:MM:SS.SSS`) so they sort and compare as text;
    /// `device_time` is the device's zone-less wall clock (`YYYY-MM-DDTHH:MM:SS`).
    static let v1Schema = """
        CREATE TABLE device (
            address TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('cuff', 'scale', 'other')),
            model TEXT, manufacturer TEXT, serial TEXT, firmware TEXT,
            paired_at TEXT NOT NULL,
            paired_by TEXT NOT NULL
        );

        CREATE TABLE assignment (
            id INTEGER PRIMARY KEY,
            device_address TEXT NOT NULL REFERENCES device(address),
            patient_id TEXT NOT NULL,
            user_index INTEGER,
            assigned_at TEXT NOT NULL,
            assigned_by TEXT NOT NULL,
            revoked_at TEXT,
            revoked_by TEXT
        );
        -- At most one active assignment per device slot (NULL user index = whole device).
        CREATE UNIQUE INDEX assignment_active ON assignment(device_address, ifnull(user_index, -1))
            WHERE revoked_at IS NULL;

        CREATE TABLE reading (
            id INTEGER PRIMARY KEY,
            device_address TEXT NOT NULL,
            user_index INTEGER,
            patient_id TEXT NOT NULL,
            characteristic TEXT NOT NULL,
            kind TEXT NOT NULL,
            systolic REAL, diastolic REAL, mean_arterial_pressure REAL, pressure_unit TEXT,
            pulse REAL,
            weight REAL, weight_unit TEXT, bmi REAL, height REAL, height_unit TEXT,
            cuff_status INTEGER,
            values_json TEXT NOT NULL CHECK (json_valid(values_json)),
            raw BLOB NOT NULL,
            device_time TEXT,
            received_at TEXT NOT NULL,
            effective_at TEXT NOT NULL,
            phd_identifier TEXT NOT NULL,
            connection_id TEXT NOT NULL,
            dedupe_key TEXT NOT NULL UNIQUE
        );
        CREATE INDEX reading_patient_kind_time ON reading(patient_id, kind, effective_at);
        -- The clockless resend check (see ReadingDedupeKey) seeks by device and payload.
        CREATE INDEX reading_clockless ON reading(device_address, raw, received_at) WHERE device_time IS NULL;

        CREATE TABLE assessment (
            reading_id INTEGER PRIMARY KEY REFERENCES reading(id),
            colour TEXT NOT NULL CHECK (colour IN ('green', 'yellow', 'red', 'grey')),
            rule_ids_json TEXT NOT NULL CHECK (json_valid(rule_ids_json)),
            parameters_json TEXT NOT NULL CHECK (json_valid(parameters_json)),
            observations_json TEXT NOT NULL CHECK (json_valid(observations_json)),
            ruleset_version TEXT NOT NULL,
            text_sv TEXT NOT NULL,
            text_en TEXT NOT NULL,
            priority TEXT NOT NULL CHECK (priority IN ('none', 'normal', 'high')),
            new_alert INTEGER NOT NULL
        );

        -- One row per reading, keyed by the reading id (no extra index to write per commit).
        CREATE TABLE outbox (
            reading_id INTEGER PRIMARY KEY REFERENCES reading(id),
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_attempt_at TEXT NOT NULL,
            sent_at TEXT
        );
        CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE sent_at IS NULL;

        CREATE TABLE alert_state (
            patient_id TEXT NOT NULL,
            signal TEXT NOT NULL,
            state_json TEXT NOT NULL CHECK (json_valid(state_json)),
            updated_at TEXT NOT NULL,
            reading_id INTEGER REFERENCES reading(id),
            PRIMARY KEY (patient_id, signal)
        ) WITHOUT ROWID;

        CREATE TABLE threshold (
            patient_id TEXT NOT NULL,
            parameter TEXT NOT NULL,
            value REAL NOT NULL,
            changed_by TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (patient_id, parameter)
        ) WITHOUT ROWID;

        CREATE TABLE threshold_audit (
            id INTEGER PRIMARY KEY,
            patient_id TEXT NOT NULL,
            parameter TEXT NOT NULL,
            old_value REAL,
            new_value REAL,
            changed_by TEXT NOT NULL CHECK (changed_by <> ''),
            changed_at TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (reason <> '')
        );
        CREATE INDEX threshold_audit_patient ON threshold_audit(patient_id, id);
        CREATE TRIGGER threshold_audit_no_update BEFORE UPDATE ON threshold_audit
            BEGIN SELECT RAISE(ABORT, 'threshold_audit is append-only'); END;
        CREATE TRIGGER threshold_audit_no_delete BEFORE DELETE ON threshold_audit
            BEGIN SELECT RAISE(ABORT, 'threshold_audit is append-only'); END;

        CREATE TABLE message (
            id INTEGER PRIMARY KEY,
            remote_id TEXT UNIQUE,
            scope TEXT NOT NULL CHECK (scope IN ('patient', 'group', 'all')),
            scope_value TEXT,
            text TEXT NOT NULL,
            received_at TEXT NOT NULL,
            shown_at TEXT,
            acknowledged_at TEXT
        );
        """
}

/// Durability settings as SQLite reports them on the writer connection.
public struct DurabilitySettings: Hashable, Sendable {
    /// `PRAGMA synchronous`: 2 is FULL.
    public var synchronous: Int
    /// `PRAGMA journal_mode`, `wal` for the daemon's store.
    public var journalMode: String
}

extension HubStore {
    /// Reads `synchronous` and `journal_mode` on the writer connection (for tests and `carehub doctor`).
    public func durabilitySettings() throws(StoreError) -> DurabilitySettings {
        try writeWithoutTransaction { db in
            DurabilitySettings(
                synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "")
        }
    }

    /// `PRAGMA integrity_check`: `["ok"]` for a healthy database.
    public func integrityCheck() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
