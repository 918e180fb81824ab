import Foundation
import GRDB
import Logging
import Testing
@testable import GatewayStore

@Suite("Forgetting devices, per-device reading times")
struct ForgetDeviceTests {
    @Test("forgetting revokes every active assignment, hides the device, keeps its readings; pairing again brings it back")
    func forget() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let t0 = Fixture.base
        try store.saveDevice(StoredDevice(address: Fixture.cuff, kind: .cuff, pairedAt: t0, pairedBy: "tech-1"))
        try store.saveDevice(StoredDevice(address: Fixture.scale, kind: .scale, pairedAt: t0, pairedBy: "tech-1"))
        try store.assign(address: Fixture.cuff, userIndex: 1, patientID: "pat-A", at: t0, by: "tech-1")
        try store.assign(address: Fixture.cuff, userIndex: 2, patientID: "pat-B", at: t0, by: "tech-1")
        try store.assign(address: Fixture.scale, userIndex: nil, patientID: "pat-A", at: t0, by: "tech-1")
        _ = try store.commit(reading: Fixture.bp(patient: "pat-A"), assessment: Fixture.assessment())
        #expect(try store.assignedDeviceCount() == 2)

        #expect(try store.forgetDevice(address: Fixture.cuff.lowercased(), at: t0 + 60, by: "tech-2"))
        #expect(try store.assignments(address: Fixture.cuff).allSatisfy { $0.revokedAt == t0 + 60 })
        #expect(try store.activeAssignment(address: Fixture.cuff, userIndex: 1) == nil)
        #expect(try store.devices().map(\.address) == [Fixture.scale])
        #expect(try store.devices(includingForgotten: true).map(\.address) == [Fixture.cuff, Fixture.scale])
        #expect(try store.device(address: Fixture.cuff)?.forgottenAt == t0 + 60)
        #expect(try store.assignedDeviceCount() == 1)
        #expect(try store.count("reading") == 1)
        // Forgetting twice (or an unknown device) changes nothing.
        #expect(try !store.forgetDevice(address: Fixture.cuff, at: t0 + 120, by: "tech-2"))
        #expect(try !store.forgetDevice(address: "A4:C1:38:00:00:09", at: t0 + 120, by: "tech-2"))
        #expect(try store.device(address: Fixture.cuff)?.forgottenAt == t0 + 60)

        try store.saveDevice(StoredDevice(address: Fixture.cuff, kind: .cuff, pairedAt: t0 + 300, pairedBy: "tech-3"))
        let again = try #require(try store.device(address: Fixture.cuff))
        #expect(again.forgottenAt == nil)
        #expect(again.pairedBy == "tech-3")
        #expect(try store.devices().count == 2)
        // The old assignments stay revoked: a re-paired device must be assigned again.
        #expect(try store.activeAssignment(address: Fixture.cuff, userIndex: 1) == nil)
    }

    @Test("the newest arrival time per device, and none for a device without readings")
    func lastReadingTimes() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let t0 = Fixture.base
        _ = try store.commit(reading: Fixture.bp(systolic: 120, deviceTime: "2026-11-18T20:30:00", receivedAt: t0), assessment: Fixture.assessment())
        _ = try store.commit(reading: Fixture.bp(systolic: 125, deviceTime: "2026-11-18T20:40:00", receivedAt: t0 + 600),
                             assessment: Fixture.assessment())
        _ = try store.commit(reading: Fixture.weight(kg: 80, effectiveAt: t0 + 30), assessment: Fixture.assessment())
        let times = try store.lastReadingTimes()
        #expect(times == [Fixture.cuff: t0 + 600, Fixture.scale: t0 + 30])
    }

    @Test("a database with only v1 gains the forgotten columns on open; its devices are not forgotten")
    func migratesFromV1() throws {
        let dir = try TempDirectory()
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial-schema") { db in try db.execute(sql: HubStore.v1Schema) }
        let queue = try DatabaseQueue(path: dir.databasePath)
        try migrator.migrate(queue)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO device (address, kind, paired_at, paired_by) VALUES ('\(Fixture.cuff)', 'cuff', '2026-11-18 19:33:20.000', 'tech-1')
                """)
        }
        try queue.close()
        #expect(HubStore.migrationIdentifiers.first == "v1-initial-schema")
        #expect(HubStore.migrationIdentifiers.contains("v2-forgotten-devices"))
        let store = try dir.openStore()
        #expect(try store.devices().map(\.address) == [Fixture.cuff])
        #expect(try store.device(address: Fixture.cuff)?.forgottenAt == nil)
        #expect(try store.forgetDevice(address: Fixture.cuff, at: Fixture.base, by: "tech-1"))
        #expect(try store.devices().isEmpty)
    }
}
