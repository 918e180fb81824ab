import Foundation
import GRDB
import GRDBSQLite
import Logging

/// The hub's durable store: devices and assignments, readings with their assessments, the forwarding
/// outbox, per-patient thresholds with their audit trail, alert state and clinic messages.
///
/// SQLite in WAL mode with `synchronous = FULL`: a commit that returned has been fsynced.
/// Calls are synchronous and block the caller for the duration of the SQLite work (one fsync per
/// write transaction); they are safe to call from any thread or task.
public final class HubStore: Sendable {
    /// Where the hub keeps its database unless told otherwise: carehubd's default, and the file the
    /// CLI opens in direct mode without --database or $CAREHUB_DATABASE. The one place it is written.
    public static let defaultPath = "/var/lib/carehub/carehub.sqlite"

    /// How long an identical payload without device time counts as a resend (see ``ReadingDedupeKey``).
    public static let clocklessResendWindow: TimeInterval = 600
    /// How long a writer waits for another process's lock before failing with `.busy`.
    public static let busyTimeout: TimeInterval = 5

    let writer: any DatabaseWriter
    let logger: Logger
    /// The database file path, for error messages.
    public let path: String
    /// True for stores opened with ``openReadOnly(path:logger:)``.
    public let isReadOnly: Bool

    init(writer: any DatabaseWriter, path: String, isReadOnly: Bool, logger: Logger) {
        self.writer = writer
        self.path = path
        self.isReadOnly = isReadOnly
        self.logger = logger
    }

    /// Opens (creating if needed) and migrates the daemon's database: WAL, persistent WAL,
    /// busy timeout, and `synchronous = FULL` verified on the writer. An existing file is checked
    /// read-only first (a damaged one is refused unchanged); files are given `access` (nil: left as
    /// they are); with `create` false a missing file is refused (DatabaseFiles.swift).
    public static func open(
        path: String, access: DatabaseFileAccess? = .ownerOnly, create: Bool = true, logger: Logger
    ) throws(StoreError) -> HubStore {
        try DatabaseFiles.prepare(path: path, access: access, create: create)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "carehub.store"
        // Readers: the display page and the forwarder. Each connection holds its own page cache.
        configuration.maximumReaderCount = 2
        configuration.prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            // Keep -wal and -shm on close so the read-only CLI can always open the database.
            var flag: CInt = 1
            let code = withUnsafeMutablePointer(to: &flag) {
                sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, $0)
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.from(error, path: path)
        }
        let store = HubStore(writer: pool, path: path, isReadOnly: false, logger: logger)
        try store.prepareForWriting()
        try DatabaseFiles.applyToCompanions(path: path, access: access)
        return store
    }

    /// Opens an existing database read-only (the technician CLI). Never migrates; refuses a schema
    /// that is older or newer than this build's.
    public static func openReadOnly(path: String, logger: Logger = Logger(label: "carehub.store")) throws(StoreError) -> HubStore {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "carehub.store.readonly"
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError.from(error, path: path)
        }
        let store = HubStore(writer: queue, path: path, isReadOnly: true, logger: logger)
        try store.read { db in try store.checkSchema(db, requireComplete: true) }
        return store
    }

    /// Migrates, then forces and verifies FULL synchronous on the writer connection.
    func prepareForWriting() throws(StoreError) {
        try read { db in try checkSchema(db, requireComplete: false) }
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError.from(error, path: path)
        }
        // GRDB's WAL setup sets NORMAL after prepareDatabase ran; set FULL again and read it back.
        let synchronous = try writeWithoutTransaction { db -> Int in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
        }
        guard synchronous == 2 else { throw StoreError.notDurable(path: path, synchronous: synchronous) }
        // Fail at start-up, not at the first reading, when the file or mount is read-only:
        // a zero-row DELETE still needs a write transaction (SQLITE_READONLY otherwise).
        try write { db in try db.execute(sql: "DELETE FROM grdb_migrations WHERE 0") }
        logger.info("store open", metadata: ["schema": "\(Self.migrationIdentifiers.last ?? "")"])
    }

    func checkSchema(_ db: Database, requireComplete: Bool) throws {
        let applied = try Self.migrator.appliedIdentifiers(db)
        let unknown = applied.subtracting(Self.migrationIdentifiers).sorted()
        if !unknown.isEmpty { throw StoreError.schemaTooNew(path: path, unknownMigrations: unknown) }
        if requireComplete {
            let missing = Self.migrationIdentifiers.filter { !applied.contains($0) }
            if !missing.isEmpty { throw StoreError.schemaOutdated(path: path, missingMigrations: missing) }
        }
    }

    /// Closes all connections. Further calls fail.
    public func close() throws(StoreError) {
        do {
            if let pool = writer as? DatabasePool { try pool.close() }
            if let queue = writer as? DatabaseQueue { try queue.close() }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    // MARK: typed-throwing funnels: every GRDB call goes through these

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.write(body) } catch {
            let mapped = StoreError.from(error, path: path)
            logger.error("store write failed", metadata: ["error": "\(mapped.kindName)"])
            throw mapped
        }
    }

    /// A write transaction for the reading commits: `BEGIN IMMEDIATE` and `COMMIT` run as cached
    /// statements. GRDB's `write` prepares both statements on every call (with its authorizer pass)
    /// and wraps them in its savepoint bookkeeping, which cost more CPU than the inserts themselves.
    /// Same semantics: all or nothing, rolled back on any error, fsynced (FULL) when it returns.
    func commitTransaction<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try onWriter(begin: "BEGIN IMMEDIATE TRANSACTION", body)
        } catch {
            let mapped = StoreError.from(error, path: path)
            logger.error("store write failed", metadata: ["error": "\(mapped.kindName)"])
            throw mapped
        }
    }

    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.writeWithoutTransaction(body) } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Reads on the writer connection in one read transaction (one snapshot, one WAL read lock for
    /// all statements) begun and ended with cached statements: no reader checkout, savepoint or
    /// schema check (the hot path's reads; see ``readingInputs(for:)``).
    func readOnWriter<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try onWriter(begin: "BEGIN DEFERRED TRANSACTION", body)
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// One transaction on the writer connection, begun with `begin` and committed with cached
    /// statements; rolled back on any error.
    private func onWriter<T>(begin: String, _ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            try db.cachedStatement(sql: begin).execute()
            do {
                let result = try body(db)
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                return result
            } catch {
                // SQLite has already rolled back after some errors (e.g. SQLITE_FULL); else do it here.
                if db.isInsideTransaction { try? db.rollback() }
                throw error
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.read(body) } catch {
            throw StoreError.from(error, path: path)
        }
    }
}

extension StoreError {
    /// Short case name for log metadata (no paths or values).
    public var kindName: String {
        switch self {
        case .diskFull: "disk_full"
        case .readOnly: "read_only"
        case .cannotOpen: "cannot_open"
        case .corrupt: "corrupt"
        case .schemaTooNew: "schema_too_new"
        case .schemaOutdated: "schema_outdated"
        case .notDurable: "not_durable"
        case .constraint: "constraint"
        case .busy: "busy"
        case .invalidInput: "invalid_input"
        case .sqlite(_, let code, _): "sqlite_\(code)"
        }
    }
}
