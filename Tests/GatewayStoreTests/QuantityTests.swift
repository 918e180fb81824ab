import Foundation
import GRDB
import Logging
import Testing
@testable import GatewayStore

/// Migration v2-more-kinds: the typed quantities of body composition, temperature, SpO2 and glucose.
@Suite("Reading quantities (v2-more-kinds)")
struct QuantityTests {
    static func temperature(_ value: Double, deviceTime: String = "2026-11-18T20:30:00") -> NewReading {
        var reading = Fixture.bp(deviceTime: deviceTime)
        reading.kind = .temperature
        reading.characteristic = "2A1C"
        reading.systolic = nil
        reading.diastolic = nil
        reading.pulse = nil
        reading.pressureUnit = nil
        reading.meanArterialPressure = nil
        reading.raw = [0x02, 0x78, 0x01, 0x00, 0xFF]
        reading.quantities = [ReadingQuantity(name: "temperature", mdcCode: 150_364, value: value, unit: "Cel")]
        return reading
    }

    @Test func quantitiesAreCommittedWithTheReadingAndReadBack() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        guard case .stored(let id) = try store.commit(reading: Self.temperature(37.6), assessment: Fixture.assessment(rules: ["info.no-rule"])) else {
            Issue.record("not stored"); return
        }
        #expect(try store.quantities(readingIDs: [id]) == [id: [ReadingQuantity(name: "temperature", mdcCode: 150_364, value: 37.6, unit: "Cel")]])
        let stored = try store.withQuantities(try store.recentReadings(limit: 5))
        #expect(stored.first?.reading.quantities.first?.value == 37.6)
        #expect(try store.count("outbox") == 1)
        // A resend writes nothing, not even a second set of quantities.
        #expect(try store.commit(reading: Self.temperature(37.6), assessment: Fixture.assessment()) == .duplicate(existing: id))
        #expect(try store.count("reading_quantity") == 1)
    }

    @Test func aNonFiniteQuantityIsRefusedAndNothingIsStored() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        #expect(throws: StoreError.self) {
            try store.commit(reading: Self.temperature(.nan), assessment: Fixture.assessment())
        }
        #expect(try store.count("reading") == 0)
        #expect(try store.count("outbox") == 0)
        #expect(try store.count("reading_quantity") == 0)
    }

    @Test func aVersionOneDatabaseIsMigratedWithItsReadingsIntact() throws {
        let dir = try TempDirectory()
        do {
            let queue = try DatabaseQueue(path: dir.databasePath)
            try HubStore.migrator.migrate(queue, upTo: "v1-initial-schema")
            let row = try ReadingRow(Fixture.bp())
            // As a v1 build wrote it: the reading and its outbox row (no identifiers column yet).
            try queue.write { db in
                var insert = try FastStatement(db, sql: """
                    INSERT INTO reading (device_address, user_index, patient_id, characteristic, kind,
                        systolic, diastolic, mean_arterial_pressure, pressure_unit, pulse, weight, weight_unit,
                        bmi, height, height_unit, cuff_status, values_json, raw, device_time, received_at,
                        effective_at, phd_identifier, connection_id, dedupe_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                row.bind(to: &insert)
                try insert.execute()
                try db.execute(sql: "INSERT INTO outbox (reading_id, created_at, next_attempt_at) VALUES (?, ?, ?)",
                               arguments: [db.lastInsertedRowID, Fixture.base, Fixture.base])
            }
            try queue.close()
        }
        let reopened = try dir.openStore()
        let applied = try reopened.writer.read { db in try HubStore.migrator.appliedIdentifiers(db) }
        #expect(applied.contains("v2-more-kinds"))
        #expect(HubStore.migrationIdentifiers.firstIndex(of: "v2-more-kinds") ?? 0 > HubStore.migrationIdentifiers.firstIndex(of: "v1-initial-schema") ?? 0)
        #expect(try reopened.recentReadings(limit: 5).count == 1)
        #expect(try reopened.pendingOutbox(limit: 5, now: .distantFuture).map(\.identifiersJSON) == ["{}"])
        #expect(try reopened.integrityCheck() == ["ok"])
    }
}
