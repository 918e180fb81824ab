import FHIR
import Foundation
import SQLKit

extension SQLMonitoringStore {
    public func resources(type: String, patient: String, from: Date?, to: Date?, limit: Int) async throws -> [String] {
        let lower = from?.milliseconds ?? .min
        let upper = to?.milliseconds ?? .max
        return try await backend.withSession { db in
            try await db.raw("""
                SELECT json FROM resources WHERE type = \(bind: type) AND patient = \(bind: patient)
                AND effective_ms >= \(bind: lower) AND effective_ms < \(bind: upper)
                ORDER BY effective_ms, id LIMIT \(bind: limit)
                """).all().map { try $0.string("json") }
        }
    }

    public func messages(forPatient patient: String, after: Date?) async throws -> [ClinicMessageContent] {
        let after = after?.milliseconds ?? .min
        return try await backend.withSession { db in
            try await db.raw("""
                SELECT id, scope, target, body, sender, sent_ms FROM messages
                WHERE sent_ms > \(bind: after) AND (
                    (scope = 'patient' AND target = \(bind: patient)) OR scope = 'all'
                    OR (scope = 'group' AND target IN (SELECT group_name FROM patient_groups WHERE patient = \(bind: patient))))
                ORDER BY sent_ms, id
                """).all().map(Self.message)
        }
    }

    static func message(_ row: any SQLRow) throws -> ClinicMessageContent {
        let target = try row.optionalString("target") ?? ""
        let audience: MessageAudience = switch try row.string("scope") {
        case "patient": .patient(target)
        case "group": .group(target)
        default: .all
        }
        return ClinicMessageContent(
            id: try row.string("id"), audience: audience, text: try row.string("body"),
            sentAt: try row.date("sent_ms"), sender: try row.optionalString("sender"))
    }

    public func thresholds(patient: String) async throws -> PatientThresholds? {
        try await backend.withSession { db in
            guard let set = try await db.raw("SELECT version FROM threshold_sets WHERE patient = \(bind: patient)").first() else { return nil }
            let values = try await db.raw("""
                SELECT name, value, changed_by, changed_ms, reason FROM threshold_values WHERE patient = \(bind: patient) ORDER BY name
                """).all().compactMap { row -> PatientThreshold? in
                guard let value = FHIRDecimal(text: try row.string("value")) else { return nil }
                return PatientThreshold(name: try row.string("name"), value: value, changedBy: try row.string("changed_by"),
                                        changedAt: try row.date("changed_ms"), reason: try row.string("reason"))
            }
            return PatientThresholds(patientID: patient, thresholds: values, version: String(try set.int("version")))
        }
    }
}
