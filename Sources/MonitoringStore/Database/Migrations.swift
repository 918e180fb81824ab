import Foundation
import SQLKit

/// The store's schema, as numbered steps applied once each (table `store_schema`). Types are the
/// common subset of SQLite and PostgreSQL (TEXT, BIGINT, INTEGER; `{real}` is the one that differs);
/// times are milliseconds since 1970 (sortable, one type on both).
enum Migrations {
    /// Each step's statements, in order; a step never changes once released.
    static let steps: [[String]] = [
        [
            // Resources as hubs sent them (JSON text, ids and references assigned by the store) and the
            // columns searches use. The unique key makes conditional create race-free across instances.
            """
            CREATE TABLE resources (
                id TEXT PRIMARY KEY, type TEXT NOT NULL, ident_system TEXT, ident_value TEXT,
                patient TEXT, code TEXT, effective_ms BIGINT, last_updated_ms BIGINT NOT NULL,
                version INTEGER NOT NULL, hub TEXT, json TEXT NOT NULL,
                UNIQUE (type, ident_system, ident_value))
            """,
            "CREATE INDEX resources_patient ON resources (type, patient, effective_ms)",
            "CREATE TABLE hubs (id TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL UNIQUE, created_ms BIGINT NOT NULL)",
            "CREATE TABLE patients (id TEXT PRIMARY KEY, created_ms BIGINT NOT NULL)",
            "CREATE TABLE hub_patients (hub TEXT NOT NULL, patient TEXT NOT NULL, PRIMARY KEY (hub, patient))",
            "CREATE INDEX hub_patients_patient ON hub_patients (patient)",
            "CREATE TABLE patient_groups (patient TEXT NOT NULL, group_name TEXT NOT NULL, PRIMARY KEY (patient, group_name))",
            "CREATE TABLE staff (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL, created_ms BIGINT NOT NULL)",
            """
            CREATE TABLE sessions (id TEXT PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL,
                created_ms BIGINT NOT NULL, expires_ms BIGINT NOT NULL)
            """,
            // Items staff must look at: deviating readings (from DetectedIssue) and contact requests.
            """
            CREATE TABLE worklist (
                id TEXT PRIMARY KEY, patient TEXT NOT NULL, kind TEXT NOT NULL, colour TEXT NOT NULL,
                rank INTEGER NOT NULL, occurred_ms BIGINT NOT NULL, resource_id TEXT NOT NULL UNIQUE,
                rules TEXT NOT NULL, detail TEXT NOT NULL, parameters TEXT NOT NULL, observed TEXT NOT NULL,
                ack_by TEXT, ack_ms BIGINT, ack_note TEXT)
            """,
            "CREATE INDEX worklist_open ON worklist (ack_ms, rank, occurred_ms)",
            // The current set of each patient's individual thresholds, its version, and every change.
            "CREATE TABLE threshold_sets (patient TEXT PRIMARY KEY, version INTEGER NOT NULL, updated_ms BIGINT NOT NULL)",
            """
            CREATE TABLE threshold_values (patient TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
                changed_by TEXT NOT NULL, changed_ms BIGINT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (patient, name))
            """,
            """
            CREATE TABLE threshold_audit (id TEXT PRIMARY KEY, patient TEXT NOT NULL, name TEXT NOT NULL,
                old_value TEXT, new_value TEXT, changed_by TEXT NOT NULL, changed_ms BIGINT NOT NULL,
                reason TEXT NOT NULL, version INTEGER NOT NULL)
            """,
            // Clinic messages: scope patient (target = patient), group (target = group name) or all.
            """
            CREATE TABLE messages (id TEXT PRIMARY KEY, scope TEXT NOT NULL, target TEXT, body TEXT NOT NULL,
                author TEXT NOT NULL, sender TEXT, sent_ms BIGINT NOT NULL)
            """,
            "CREATE INDEX messages_sent ON messages (sent_ms)",
            // Fleet health: what heartbeats and readings said last.
            """
            CREATE TABLE hub_status (hub TEXT PRIMARY KEY, system_id TEXT, heard_ms BIGINT NOT NULL, sent_ms BIGINT,
                software_version TEXT, backlog INTEGER, last_reading_ms BIGINT)
            """,
            """
            CREATE TABLE device_status (address TEXT PRIMARY KEY, hub TEXT, patient TEXT, last_contact_ms BIGINT,
                battery INTEGER, clock_offset_s {real}, reported_ms BIGINT, last_reading_ms BIGINT)
            """,
        ],
        [
            // The staff pages: a worklist item's value typed (kind and up to three numbers: kg;
            // systolic, diastolic, pulse; bpm) and a device's model for the device lists.
            "ALTER TABLE worklist ADD COLUMN value_kind TEXT",
            "ALTER TABLE worklist ADD COLUMN value_1 {real}",
            "ALTER TABLE worklist ADD COLUMN value_2 {real}",
            "ALTER TABLE worklist ADD COLUMN value_3 {real}",
            "ALTER TABLE device_status ADD COLUMN model TEXT",
            "CREATE INDEX threshold_audit_patient ON threshold_audit (patient, changed_ms)",
        ],
    ]

    static var latest: Int { steps.count }

    /// Applies the steps not yet applied, each in its own transaction; running it again does nothing.
    static func migrate(_ backend: SQLBackend, now: Date) async throws -> (from: Int, to: Int) {
        let real = backend.flavor == .sqlite ? "REAL" : "DOUBLE PRECISION"
        let flavor = backend.flavor
        try await backend.withSession { db in
            try await db.raw("CREATE TABLE IF NOT EXISTS store_schema (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)").run()
        }
        let from = try await currentVersion(backend)
        for (index, step) in steps.enumerated() where index + 1 > from {
            let version = index + 1
            try await backend.transaction { db in
                if flavor == .postgres {
                    // Two instances migrating at once: the second waits, then finds the step applied.
                    try await db.raw("SELECT pg_advisory_xact_lock(7231001)").run()
                }
                let applied = try await db.raw("SELECT version FROM store_schema WHERE version = \(bind: version)").first()
                guard applied == nil else { return }
                for statement in step {
                    try await db.raw(SQLQueryString(statement.replacingOccurrences(of: "{real}", with: real))).run()
                }
                try await db.raw("INSERT INTO store_schema (version, applied_ms) VALUES (\(bind: version), \(bind: now.milliseconds))").run()
            }
        }
        return (from, try await currentVersion(backend))
    }

    static func currentVersion(_ backend: SQLBackend) async throws -> Int {
        try await backend.withSession { db in
            guard let row = try await db.raw("SELECT MAX(version) AS v FROM store_schema").first() else { return 0 }
            return try row.decode(column: "v", as: Int?.self) ?? 0
        }
    }
}

extension Date {
    /// Milliseconds since 1970, the store's time column unit.
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
