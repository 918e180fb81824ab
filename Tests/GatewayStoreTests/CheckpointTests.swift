import Foundation
import GRDB
import Logging
import Testing
@testable import GatewayStore

@Suite("WAL checkpoints off the commit path")
struct CheckpointTests {
    /// Distinct readings (no duplicates), one hour apart.
    static func commit(_ store: GatewayStore, count: Int, from start: Int = 0) throws {
        for index in start..<(start + count) {
            _ = try store.commit(
                reading: Fixture.bp(systolic: 100 + index % 80, deviceTime: nil, connection: "c-\(index)",
                                    receivedAt: Fixture.base.addingTimeInterval(Double(index) * 3_600)),
                assessment: Fixture.assessment())
        }
    }

    static func walFrames(_ path: String) throws -> Int {
        let size = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        // 32-byte WAL header, then 24-byte frame headers each followed by one page.
        return size <= 32 ? 0 : (size - 32) / (24 + 4_096)
    }

    @Test("the writer no longer checkpoints: a background connection does, and the WAL stays bounded")
    func backgroundCheckpoints() throws {
        let dir = try TempDirectory()
        let store = try GatewayStore.open(path: dir.databasePath, logger: Logger(label: "test"),
                                          checkpointThreshold: 40, inlineCheckpointLimit: 100_000)
        let checkpointer = try #require(store.checkpointer)
        try Self.commit(store, count: 300)  // ~7 frames each: ~2,100 frames without checkpoints
        checkpointer.waitUntilIdle()
        let stats = checkpointer.statistics
        #expect(stats.background >= 2, "300 readings at a threshold of 40 frames: several checkpoints, got \(stats)")
        #expect(stats.failed == 0)
        #expect(stats.inline == 0, "the writer must not checkpoint while the background keeps up")
        // Under back-to-back commits a checkpoint rarely copies everything before the next commit
        // appends more, so the WAL may grow (bounded by the inline limit, next test). Once the
        // checkpointer caught up, the next commit starts the WAL over from its first frame.
        checkpointer.waitUntilIdle()
        try Self.commit(store, count: 1, from: 1_000)
        let log = try store.writer.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")?[1] as Int? ?? -1
        }
        #expect((1...12).contains(log), "after a complete checkpoint the WAL should hold only the last commit's frames, holds \(log)")
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.count("reading") == 301)
        try store.close()
        let reopened = try dir.openStore()
        #expect(try reopened.count("reading") == 301)
        #expect(try reopened.count("outbox") == 301)
    }

    @Test("the database file itself holds the readings once the background checkpoint ran")
    func checkpointReachesTheDatabaseFile() throws {
        let dir = try TempDirectory()
        let store = try GatewayStore.open(path: dir.databasePath, logger: Logger(label: "test"),
                                          checkpointThreshold: 20, inlineCheckpointLimit: 100_000)
        try Self.commit(store, count: 50)
        store.checkpointer?.waitUntilIdle()
        // Copy the database file alone (no -wal): what a checkpoint wrote is there without the WAL.
        let copy = try TempDirectory()
        try FileManager.default.copyItem(atPath: dir.databasePath, toPath: copy.databasePath)
        let queue = try DatabaseQueue(path: copy.databasePath)
        let inFile = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM reading") ?? 0 }
        #expect(inFile > 0, "no reading reached the database file: the background checkpoint did not run")
        #expect(inFile <= 50)
        try queue.close()
        try store.close()
    }

    @Test("a starved background queue: the writer checkpoints inline at the limit, the WAL stays bounded")
    func inlineFallback() throws {
        let dir = try TempDirectory()
        let store = try GatewayStore.open(path: dir.databasePath, logger: Logger(label: "test"),
                                          checkpointThreshold: 20, inlineCheckpointLimit: 150)
        let checkpointer = try #require(store.checkpointer)
        checkpointer.suspend()
        try Self.commit(store, count: 200)  // ~1,400 frames
        let frames = try Self.walFrames(dir.databasePath)
        let inline = checkpointer.statistics.inline
        checkpointer.resume()
        #expect(inline >= 2, "the writer should have checkpointed inline, got \(inline)")
        #expect(frames <= 150 + 20, "WAL grew to \(frames) frames past the inline limit of 150")
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.count("reading") == 200)
        try store.close()
    }

    @Test("close stops the checkpointer; a closed store's later commits fail cleanly")
    func closeStops() throws {
        let dir = try TempDirectory()
        let store = try GatewayStore.open(path: dir.databasePath, logger: Logger(label: "test"),
                                          checkpointThreshold: 10, inlineCheckpointLimit: 100_000)
        try Self.commit(store, count: 20)
        try store.close()
        #expect(throws: StoreError.self) { try Self.commit(store, count: 1, from: 100) }
        let reopened = try dir.openStore()
        #expect(try reopened.count("reading") == 20)
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test("a read-only store has no checkpointer")
    func readOnlyHasNone() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        try Self.commit(store, count: 1)
        try store.close()
        let cli = try GatewayStore.openReadOnly(path: dir.databasePath)
        #expect(cli.checkpointer == nil)
    }
}
