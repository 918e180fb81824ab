import Foundation
import SQLKit

extension SQLMonitoringStore {
    public func addStaff(username: String, passwordHash: String, role: StaffRole) async throws {
        let now = Date().milliseconds
        try await backend.withSession { db in
            try await db.raw("""
                INSERT INTO staff (username, password_hash, role, created_ms) VALUES (\(bind: username), \(bind: passwordHash), \(bind: role.rawValue), \(bind: now))
                ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role
                """).run()
        }
    }

    public func staff(username: String) async throws -> StaffUser? {
        try await backend.withSession { db in
            guard let row = try await db.raw("SELECT username, password_hash, role FROM staff WHERE username = \(bind: username)").first(),
                  let role = StaffRole(rawValue: try row.string("role"))
            else { return nil }
            return StaffUser(username: try row.string("username"), passwordHash: try row.string("password_hash"), role: role)
        }
    }

    public func createSession(_ session: StaffSession, now: Date) async throws {
        try await backend.withSession { db in
            try await db.raw("DELETE FROM sessions WHERE expires_ms < \(bind: now.milliseconds)").run()
            try await db.raw("""
                INSERT INTO sessions (id, username, csrf, created_ms, expires_ms)
                VALUES (\(bind: session.id), \(bind: session.username), \(bind: session.csrfToken), \(bind: now.milliseconds), \(bind: session.expires.milliseconds))
                """).run()
        }
    }

    public func session(id: String, now: Date) async throws -> StaffSession? {
        try await backend.withSession { db in
            guard let row = try await db.raw("""
                SELECT s.id, s.username, s.csrf, s.expires_ms, u.role FROM sessions s JOIN staff u ON u.username = s.username
                WHERE s.id = \(bind: id) AND s.expires_ms > \(bind: now.milliseconds)
                """).first(), let role = StaffRole(rawValue: try row.string("role"))
            else { return nil }
            return StaffSession(id: try row.string("id"), username: try row.string("username"), role: role,
                                csrfToken: try row.string("csrf"), expires: try row.date("expires_ms"))
        }
    }

    public func deleteSession(id: String) async throws {
        try await backend.withSession { db in try await db.raw("DELETE FROM sessions WHERE id = \(bind: id)").run() }
    }
}
