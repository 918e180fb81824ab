import Foundation
import SQLKit

extension SQLMonitoringStore {
    public func addHub(id: String, tokenSHA256: String, patients: [String]) async throws {
        let now = Date().milliseconds
        try await backend.transaction { db in
            try await db.raw("INSERT INTO hubs (id, token_sha256, created_ms) VALUES (\(bind: id), \(bind: tokenSHA256), \(bind: now))").run()
            for patient in patients {
                try await db.raw("INSERT INTO patients (id, created_ms) VALUES (\(bind: patient), \(bind: now)) ON CONFLICT (id) DO NOTHING").run()
                try await db.raw("INSERT INTO hub_patients (hub, patient) VALUES (\(bind: id), \(bind: patient)) ON CONFLICT (hub, patient) DO NOTHING").run()
            }
        }
    }

    public func hub(tokenSHA256: String) async throws -> HubIdentity? {
        try await backend.withSession { db in
            guard let row = try await db.raw("SELECT id FROM hubs WHERE token_sha256 = \(bind: tokenSHA256)").first() else { return nil }
            let id = try row.string("id")
            let patients = try await db.raw("SELECT patient FROM hub_patients WHERE hub = \(bind: id)").all().map { try $0.string("patient") }
            return HubIdentity(id: id, patients: Set(patients))
        }
    }

    public func addPatient(id: String, groups: [String]) async throws {
        let now = Date().milliseconds
        try await backend.transaction { db in
            try await db.raw("INSERT INTO patients (id, created_ms) VALUES (\(bind: id), \(bind: now)) ON CONFLICT (id) DO NOTHING").run()
            for group in groups {
                try await db.raw("INSERT INTO patient_groups (patient, group_name) VALUES (\(bind: id), \(bind: group)) ON CONFLICT (patient, group_name) DO NOTHING").run()
            }
        }
    }

    public func patientExists(_ id: String) async throws -> Bool {
        try await backend.withSession { db in
            try await db.raw("SELECT id FROM patients WHERE id = \(bind: id)").first() != nil
        }
    }
}
