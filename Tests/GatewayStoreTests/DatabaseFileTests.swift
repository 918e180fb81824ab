import Foundation
import GRDB
import Logging
import Testing
@testable import GatewayStore

/// The hub's files on disk: their modes, a damaged file refused untouched, no file created when
/// asked not to. Real files in a temp directory, inspected with stat(2).
@Suite struct DatabaseFileTests {
    static func mode(_ path: String) -> (mode: mode_t, gid: gid_t)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_mode & 0o777, info.st_gid)
    }

    /// The file's bytes, for "not a single byte changed" (compared whole, not by size or date).
    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test("a new database, its -wal and -shm are 0600 whatever the umask")
    func ownerOnly() throws {
        let dir = try TempDirectory()
        let old = umask(0o002)
        defer { umask(old) }
        let store = try dir.openStore()
        _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        for file in [dir.databasePath, dir.databasePath + "-wal", dir.databasePath + "-shm"] {
            let found = try #require(Self.mode(file), "\(file) exists")
            #expect(found.mode == 0o600, "\(file): \(String(found.mode, radix: 8))")
        }
        try store.close()
    }

    @Test("with a group the files are 0640 in that group; an existing world-readable file is tightened")
    func group() throws {
        let dir = try TempDirectory()
        // A group this process may give its files: its own primary group.
        let access = DatabaseFileAccess.group(getgid())
        FileManager.default.createFile(atPath: dir.databasePath, contents: nil, attributes: [.posixPermissions: 0o644])
        let store = try HubStore.open(path: dir.databasePath, access: access, logger: Logger(label: "test"))
        _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        for file in [dir.databasePath, dir.databasePath + "-wal", dir.databasePath + "-shm"] {
            let found = try #require(Self.mode(file))
            #expect(found.mode == 0o640, "\(file): \(String(found.mode, radix: 8))")
            #expect(found.gid == getgid())
        }
        try store.close()
    }

    @Test("a file that is not a database is refused without a byte of it changed")
    func garbageUnchanged() throws {
        let dir = try TempDirectory()
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try garbage.write(to: URL(fileURLWithPath: dir.databasePath))
        #expect(throws: StoreError.self) { try dir.openStore() }
        #expect(try Self.bytes(dir.databasePath) == garbage)
        #expect(!FileManager.default.fileExists(atPath: dir.databasePath + "-wal"))
    }

    @Test("a database with a damaged page is refused as corrupt without a byte of it changed")
    func damagedPageUnchanged() throws {
        let dir = try TempDirectory()
        // A real database in rollback-journal mode (as an older tool or a copy would leave it),
        // with enough rows for several b-tree pages; then one interior page overwritten.
        let queue = try DatabaseQueue(path: dir.databasePath)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
            for i in 0..<2000 { try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: [String(repeating: "x", count: 50) + "\(i)"]) }
        }
        try queue.close()
        var damaged = try Self.bytes(dir.databasePath)
        let pageSize = 4096
        #expect(damaged.count > 8 * pageSize)
        damaged.replaceSubrange(3 * pageSize..<(3 * pageSize + 64), with: Data(repeating: 0xFF, count: 64))
        try damaged.write(to: URL(fileURLWithPath: dir.databasePath))
        do {
            _ = try dir.openStore()
            Issue.record("a damaged database was opened")
        } catch let error as StoreError {
            guard case .corrupt = error else { Issue.record("expected .corrupt, got \(error)"); return }
        }
        #expect(try Self.bytes(dir.databasePath) == damaged, "the refused file changed")
        #expect(!FileManager.default.fileExists(atPath: dir.databasePath + "-wal"))
    }

    @Test("create: false refuses a missing file and creates nothing; a relative path is refused")
    func noCreate() throws {
        let dir = try TempDirectory()
        #expect(throws: StoreError.cannotOpen(path: dir.databasePath, detail: "the file does not exist")) {
            try HubStore.open(path: dir.databasePath, access: nil, create: false, logger: Logger(label: "test"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.databasePath))
        #expect(throws: StoreError.cannotOpen(path: "relative.sqlite", detail: "not an absolute path")) {
            try HubStore.open(path: "relative.sqlite", logger: Logger(label: "test"))
        }
        #expect(!FileManager.default.fileExists(atPath: "relative.sqlite"))
    }

    @Test("an intact existing database still opens after the read-only check, its readings kept")
    func intactReopens() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        try store.close()
        let again = try dir.openStore()
        #expect(try again.recentReadings(limit: 5).count == 1)
        try again.close()
    }
}
