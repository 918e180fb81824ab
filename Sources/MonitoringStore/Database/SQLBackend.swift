// The pools are thread-safe (their own locks) but not marked Sendable; postgres-kit imports it the same way.
@preconcurrency import AsyncKit
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// A PostgreSQL error with its SQLSTATE, readable in logs (PSQLError hides its details by default;
/// the server's message names no patient, only tables and constraints).
public struct DatabaseError: Error, CustomStringConvertible {
    public var sqlState: String?
    public var message: String
    public var description: String { "database error \(sqlState ?? "?"): \(message)" }
}

/// The SQL dialects the store speaks; the few statements that differ switch on it.
public enum SQLFlavor: String, Sendable {
    case sqlite
    case postgres
}

/// One database behind one code path: SQLKit sessions on pooled connections, transactions on one
/// connection. SQLite gets a single connection (its writers are serialised anyway, and a single
/// connection makes `BEGIN IMMEDIATE` never wait on itself); PostgreSQL a pool.
public final class SQLBackend: Sendable {
    public let flavor: SQLFlavor
    private let pool: Pool
    private let logger: Logger

    private enum Pool: Sendable {
        case sqlite(EventLoopGroupConnectionPool<SQLiteConnectionSource>)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    /// Opens (lazily: the first statement connects) the database at `location`.
    public init(
        _ location: DatabaseLocation, connections: Int = 8, logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        self.logger = logger
        switch location {
        case .sqlite(let path):
            flavor = .sqlite
            let source = SQLiteConnectionSource(configuration: .init(storage: .file(path: path), enableForeignKeys: true))
            // One loop, one connection: every use waits its turn in the pool's queue.
            pool = .sqlite(EventLoopGroupConnectionPool(
                source: source, maxConnectionsPerEventLoop: 1, requestTimeout: .seconds(120), pruneInterval: nil,
                logger: logger, on: eventLoopGroup.next()))
        case .postgres(let url):
            flavor = .postgres
            let configuration = try SQLPostgresConfiguration(url: url)
            // One event loop holds the pool: its queue is the one place requests wait for a connection.
            pool = .postgres(EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: max(1, connections),
                requestTimeout: .seconds(60), pruneInterval: nil, logger: logger, on: eventLoopGroup.next()))
        }
    }

    /// Runs `body` with one connection of its own.
    public func withSession<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch pool {
        case .sqlite(let pool):
            return try await pool.withConnection { connection in
                connection.eventLoop.makeFutureWithTask { try await body(connection.sql(queryLogLevel: .trace)) }
            }.get()
        case .postgres(let pool):
            return try await pool.withConnection { connection in
                connection.eventLoop.makeFutureWithTask { try await body(connection.sql(queryLogLevel: .trace)) }
            }.get()
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. On
    /// PostgreSQL, a transaction chosen as a deadlock victim or failing serialisation (two instances
    /// writing the same rows at once) is run again, up to four times.
    public func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        var attempt = 1
        while true {
            do {
                return try await transactionOnce(body)
            } catch let error as PSQLError {
                let state = error.serverInfo?[.sqlState]
                guard attempt < 4, state == "40P01" || state == "40001" else {
                    throw DatabaseError(sqlState: state, message: error.serverInfo?[.message] ?? "\(error.code)")
                }
                logger.notice("transaction retried", metadata: ["sqlstate": "\(state ?? "")", "attempt": "\(attempt)"])
                attempt += 1
            }
        }
    }

    private func transactionOnce<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let begin = flavor == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await withSession { db in
            try await db.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Closes every connection.
    public func shutdown() async {
        switch pool {
        case .sqlite(let pool): try? await pool.shutdownAsync()
        case .postgres(let pool): try? await pool.shutdownAsync()
        }
    }
}
