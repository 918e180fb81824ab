import Foundation
import GRDB
import Testing
@testable import GatewayStore

@Suite("Schema, migrations and durability settings")
struct SchemaTests {
    @Test("migrates an empty file to the current schema, and reopening is a no-op")
    func migratesFromEmpty() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let applied = try store.writer.read { db in try HubStore.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(HubStore.migrationIdentifiers))
        #expect(HubStore.migrationIdentifiers.allSatisfy { $0.hasPrefix("v") && $0.contains("-") })
        let tables = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["alert_state", "assessment", "assignment", "device", "message", "outbox", "reading",
                      "threshold", "threshold_audit"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        try store.close()
        let again = try dir.openStore()
        #expect(try again.count("grdb_migrations") == HubStore.migrationIdentifiers.count)
        #expect(try again.integrityCheck() == ["ok"])
    }

    @Test("the writer runs WAL with synchronous = FULL (2), also after reopening an existing file")
    func writerIsFullSynchronous() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        #expect(try store.durabilitySettings() == DurabilitySettings(synchronous: 2, journalMode: "wal"))
        _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        #expect(try store.durabilitySettings().synchronous == 2)
        try store.close()
        let reopened = try dir.openStore()
        #expect(try reopened.durabilitySettings() == DurabilitySettings(synchronous: 2, journalMode: "wal"))
    }

    @Test("persistent WAL keeps -wal and -shm after close, so a read-only CLI can open the file")
    func readOnlyOpenerAfterClose() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        try store.close()
        #expect(FileManager.default.fileExists(atPath: dir.databasePath + "-wal"))
        #expect(FileManager.default.fileExists(atPath: dir.databasePath + "-shm"))
        let cli = try HubStore.openReadOnly(path: dir.databasePath)
        #expect(cli.isReadOnly)
        #expect(try cli.recentReadings(limit: 10).count == 1)
    }

    @Test("a read-only opener refuses a database without the schema, naming the missing migrations")
    func readOnlyRefusesOutdatedSchema() throws {
        let dir = try TempDirectory()
        let queue = try DatabaseQueue(path: dir.databasePath)
        try queue.write { db in try db.execute(sql: "CREATE TABLE unrelated (x)") }
        try queue.close()
        #expect(throws: StoreError.schemaOutdated(path: dir.databasePath,
                                                  missingMigrations: HubStore.migrationIdentifiers)) {
            try HubStore.openReadOnly(path: dir.databasePath)
        }
    }

    @Test("both openers refuse a database migrated by a newer CareHub")
    func refusesSchemaTooNew() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        try store.writer.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        try store.close()
        let expected = StoreError.schemaTooNew(path: dir.databasePath, unknownMigrations: ["v99-from-the-future"])
        #expect(throws: expected) { try dir.openStore() }
        #expect(throws: expected) { try HubStore.openReadOnly(path: dir.databasePath) }
        #expect(expected.description.contains("newer CareHub"))
    }

    @Test("a file that is not a database is reported as corrupt")
    func notADatabase() throws {
        let dir = try TempDirectory()
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: dir.databasePath))
        do {
            _ = try dir.openStore()
            Issue.record("opening garbage succeeded")
        } catch let error as StoreError {
            guard case .corrupt = error else { Issue.record("expected .corrupt, got \(error)"); return }
            #expect(error.description.contains("restore from backup"))
        }
    }
}
