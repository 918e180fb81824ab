import Foundation
import GRDB
import Testing
@testable import GatewayStore

@Suite("Durability: disk full, read-only, power loss")
struct DurabilityTests {
    /// A reading with a large values_json so a few of them fill a small page budget.
    static func bulky(_ index: Int) -> NewReading {
        var reading = Fixture.bp(systolic: 100 + index % 80, deviceTime: nil, connection: "fill-\(index)",
                                 receivedAt: Fixture.base.addingTimeInterval(Double(index) * 3_600))
        reading.valuesJSON = #"{"padding":"\#(String(repeating: "x", count: 16_000))"}"#
        return reading
    }

    /// Commits bulky readings until the store reports a failure; returns how many were stored and the error.
    static func fillUntilFailure(_ store: HubStore, max: Int = 500) -> (stored: Int, error: StoreError?) {
        for index in 0..<max {
            do {
                _ = try store.commit(reading: bulky(index), assessment: Fixture.assessment(), alertState: ["W1": "{}"])
            } catch {
                return (index, error)
            }
        }
        return (max, nil)
    }

    static func expectIntact(_ store: HubStore, readings: Int) throws {
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.count("reading") == readings)
        #expect(try store.count("assessment") == readings)
        #expect(try store.count("outbox") == readings)
    }

    @Test("SQLITE_FULL from the page limit: .diskFull, nothing half-written, integrity ok")
    func diskFullByPageLimit() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        let pages = try store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        try store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 40)")
        }
        let (stored, error) = Self.fillUntilFailure(store)
        #expect(error == .diskFull(path: dir.databasePath))
        #expect(error?.description.contains("Free space") == true)
        #expect(stored > 0, "the limit should allow a few readings before filling up")
        try Self.expectIntact(store, readings: stored + 1)
        try store.close()
        let reopened = try dir.openStore()
        try Self.expectIntact(reopened, readings: stored + 1)
    }

    @Test("a real full filesystem (1 MiB tmpfs): .diskFull, earlier readings survive a reopen",
          .enabled(if: ScratchMount.available, ScratchMount.skipReason))
    func diskFullOnTmpfs() throws {
        let mount = try ScratchMount(size: "1m")
        var stored = 0
        do {
            let store = try HubStore.open(path: mount.databasePath, logger: .init(label: "test"))
            let result = Self.fillUntilFailure(store)
            stored = result.stored
            #expect(result.error == .diskFull(path: mount.databasePath))
            #expect(stored > 0)
            try Self.expectIntact(store, readings: stored)
            try store.close()
        }
        let reopened = try HubStore.open(path: mount.databasePath, logger: .init(label: "test"))
        try Self.expectIntact(reopened, readings: stored)
    }

    @Test("SQLITE_READONLY (query_only on the writer): .readOnly with advice, nothing stored")
    func readOnlyWriter() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 1") }
        do {
            _ = try store.commit(reading: Fixture.bp(systolic: 140), assessment: Fixture.assessment())
            Issue.record("commit on a read-only connection succeeded")
        } catch {
            guard case .readOnly = error else { Issue.record("expected .readOnly, got \(error)"); return }
            #expect(error.description.contains("writable"))
        }
        try Self.expectIntact(store, readings: 1)
    }

    @Test("a store opened with SQLITE_OPEN_READONLY refuses writes with .readOnly")
    func readOnlyOpener() throws {
        let dir = try TempDirectory()
        let daemon = try dir.openStore()
        _ = try daemon.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        let cli = try HubStore.openReadOnly(path: dir.databasePath)
        #expect(throws: StoreError.readOnly(path: dir.databasePath, detail: "attempt to write a readonly database")) {
            try cli.setThreshold(patient: "p", parameter: "x", value: 1, changedBy: "a", reason: "b", at: Fixture.base)
        }
        try Self.expectIntact(daemon, readings: 1)
    }

    @Test("a read-only filesystem (tmpfs remounted ro): open fails as read-only at start-up; data intact",
          .enabled(if: ScratchMount.available, ScratchMount.skipReason))
    func readOnlyFilesystem() throws {
        let mount = try ScratchMount(size: "4m")
        do {
            let store = try HubStore.open(path: mount.databasePath, logger: .init(label: "test"))
            _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
            try store.close()
        }
        try mount.remount(readOnly: true)
        do {
            _ = try HubStore.open(path: mount.databasePath, logger: .init(label: "test"))
            Issue.record("opened a database on a read-only filesystem for writing")
        } catch {
            guard case .readOnly = error else { Issue.record("expected .readOnly, got \(error)"); return }
            #expect(error.description.contains(mount.databasePath))
            #expect(error.description.contains("writable"))
        }
        // The technician CLI can still read it.
        #expect(try HubStore.openReadOnly(path: mount.databasePath).recentReadings(limit: 5).count == 1)
        try mount.remount(readOnly: false)
        let store = try HubStore.open(path: mount.databasePath, logger: .init(label: "test"))
        try Self.expectIntact(store, readings: 1)
    }

    @Test("power loss right after commit: the db and -wal files as on disk (no checkpoint) hold the reading")
    func survivesPowerLossAfterCommit() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        var ids: [ReadingID] = []
        for minute in 0..<3 {
            let reading = Fixture.bp(systolic: 130 + minute, deviceTime: nil, connection: "c\(minute)",
                                     receivedAt: Fixture.base.addingTimeInterval(Double(minute) * 60))
            if case .stored(let id) = try store.commit(reading: reading, assessment: Fixture.assessment()) {
                ids.append(id)
            }
        }
        // Snapshot the files while the store is still open: no close, no checkpoint, no -shm.
        let copy = try TempDirectory()
        let fm = FileManager.default
        try fm.copyItem(atPath: dir.databasePath, toPath: copy.databasePath)
        try fm.copyItem(atPath: dir.databasePath + "-wal", toPath: copy.databasePath + "-wal")
        let walSize = try fm.attributesOfItem(atPath: copy.databasePath + "-wal")[.size] as? Int ?? 0
        #expect(walSize > 0, "the readings must still be in the WAL for this test to mean anything")

        let recovered = try copy.openStore()
        #expect(try recovered.recentReadings(limit: 10).map(\.id).sorted() == ids)
        try Self.expectIntact(recovered, readings: 3)
        #expect(try recovered.pendingOutbox(limit: 10, now: Fixture.base.addingTimeInterval(3_600)).count == 3)
        try store.close()
    }
}
