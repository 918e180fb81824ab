import FHIR
import Foundation
import Logging
import SQLKit

/// ``MonitoringStorage`` over SQLKit: the same statements on SQLite and PostgreSQL (placeholders are
/// the driver's; `ON CONFLICT … DO NOTHING/UPDATE` and `RETURNING` are common to both).
public final class SQLMonitoringStore: MonitoringStorage {
    let backend: SQLBackend
    let logger: Logger

    public init(backend: SQLBackend, logger: Logger) {
        self.backend = backend
        self.logger = logger
    }

    /// Opens the database at `location` (nothing is created until ``migrate()``).
    public convenience init(location: DatabaseLocation, connections: Int = 8, logger: Logger) throws {
        try self.init(backend: SQLBackend(location, connections: connections, logger: logger), logger: logger)
    }

    public var flavor: SQLFlavor { backend.flavor }

    public func migrate() async throws -> (from: Int, to: Int) {
        if backend.flavor == .sqlite {
            // WAL: readers do not wait for the writer; the setting stays with the file.
            try await backend.withSession { db in
                _ = try await db.raw("PRAGMA journal_mode=WAL").all()
                try await db.raw("PRAGMA synchronous=NORMAL").run()
            }
        }
        return try await Migrations.migrate(backend, now: Date())
    }

    /// Whether the schema is at the version this build knows (serve refuses an older one).
    public func schemaIsCurrent() async throws -> Bool {
        let exists: Bool = try await backend.withSession { db in
            let sql: SQLQueryString = switch self.backend.flavor {
            case .sqlite: "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'store_schema'"
            case .postgres: "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'store_schema'"
            }
            return try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0 > 0
        }
        guard exists else { return false }
        return try await Migrations.currentVersion(backend) >= Migrations.latest
    }

    public func shutdown() async { await backend.shutdown() }
}

extension SQLRow {
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func int(_ column: String) throws -> Int { try decode(column: column, as: Int.self) }
    func optionalInt(_ column: String) throws -> Int? { try decode(column: column, as: Int?.self) }
    func date(_ column: String) throws -> Date { Date(milliseconds: try decode(column: column, as: Int64.self)) }
    func optionalDate(_ column: String) throws -> Date? { try decode(column: column, as: Int64?.self).map(Date.init(milliseconds:)) }
    func optionalDouble(_ column: String) throws -> Double? { try decode(column: column, as: Double?.self) }
}
