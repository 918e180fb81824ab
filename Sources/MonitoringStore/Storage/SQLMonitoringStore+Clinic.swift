import FHIR
import Foundation
import SQLKit

extension SQLMonitoringStore {
    public func worklist(limit: Int) async throws -> [WorklistItem] {
        try await backend.withSession { db in
            try await db.raw("""
                SELECT * FROM worklist WHERE ack_ms IS NULL ORDER BY rank, occurred_ms, id LIMIT \(bind: limit)
                """).all().map(Self.worklistItem)
        }
    }

    static func worklistItem(_ row: any SQLRow) throws -> WorklistItem {
        func lines(_ column: String) throws -> [String] {
            try row.string(column).split(separator: "\n").map(String.init)
        }
        var acknowledgement: Acknowledgement?
        if let at = try row.optionalDate("ack_ms") {
            acknowledgement = Acknowledgement(by: try row.optionalString("ack_by") ?? "", at: at, note: try row.optionalString("ack_note") ?? "")
        }
        return WorklistItem(
            id: try row.string("id"), patientID: try row.string("patient"),
            kind: WorklistKind(rawValue: try row.string("kind")) ?? .reading, colour: try row.string("colour"),
            occurredAt: try row.date("occurred_ms"), resource: try row.string("resource_id"), rules: try lines("rules"),
            detail: try row.string("detail"), parameters: try lines("parameters"), values: try lines("observed"),
            value: ObservedValue(kind: try row.optionalString("value_kind"), a: try row.optionalDouble("value_1"),
                                 b: try row.optionalDouble("value_2"), c: try row.optionalDouble("value_3")),
            acknowledgement: acknowledgement)
    }

    public func acknowledge(item: String, by: String, note: String, at: Date) async throws -> Bool {
        try await backend.withSession { db in
            try await db.raw("""
                UPDATE worklist SET ack_by = \(bind: by), ack_ms = \(bind: at.milliseconds), ack_note = \(bind: note)
                WHERE id = \(bind: item) AND ack_ms IS NULL RETURNING id
                """).first() != nil
        }
    }

    public func setThresholds(patient: String, values: [String: FHIRDecimal?], by: String, reason: String, at: Date) async throws -> Int {
        let ms = at.milliseconds
        return try await backend.transaction { db in
            let row = try await db.raw("""
                INSERT INTO threshold_sets (patient, version, updated_ms) VALUES (\(bind: patient), 1, \(bind: ms))
                ON CONFLICT (patient) DO UPDATE SET version = threshold_sets.version + 1, updated_ms = excluded.updated_ms
                RETURNING version
                """).first()
            let version = try row?.int("version") ?? 1
            let old = try await db.raw("SELECT name, value FROM threshold_values WHERE patient = \(bind: patient)").all()
            let oldValues = Dictionary(try old.map { (try $0.string("name"), try $0.string("value")) }, uniquingKeysWith: { a, _ in a })
            for (name, value) in values.sorted(by: { $0.key < $1.key }) where oldValues[name] != value?.text {
                if let value {
                    try await db.raw("""
                        INSERT INTO threshold_values (patient, name, value, changed_by, changed_ms, reason)
                        VALUES (\(bind: patient), \(bind: name), \(bind: value.text), \(bind: by), \(bind: ms), \(bind: reason))
                        ON CONFLICT (patient, name) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by,
                        changed_ms = excluded.changed_ms, reason = excluded.reason
                        """).run()
                } else {
                    try await db.raw("DELETE FROM threshold_values WHERE patient = \(bind: patient) AND name = \(bind: name)").run()
                }
                try await db.raw("""
                    INSERT INTO threshold_audit (id, patient, name, old_value, new_value, changed_by, changed_ms, reason, version)
                    VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: patient), \(bind: name), \(bind: oldValues[name]), \(bind: value?.text),
                            \(bind: by), \(bind: ms), \(bind: reason), \(bind: version))
                    """).run()
            }
            return version
        }
    }

    public func postMessage(audience: MessageAudience, text: String, author: String, sender: String?, at: Date) async throws -> String {
        let id = UUID().uuidString.lowercased()
        let (scope, target): (String, String?) = switch audience {
        case .patient(let patient): ("patient", patient)
        case .group(let group): ("group", group)
        case .all: ("all", nil)
        }
        try await backend.withSession { db in
            try await db.raw("""
                INSERT INTO messages (id, scope, target, body, author, sender, sent_ms)
                VALUES (\(bind: id), \(bind: scope), \(bind: target), \(bind: text), \(bind: author), \(bind: sender), \(bind: at.milliseconds))
                """).run()
        }
        return id
    }
}
