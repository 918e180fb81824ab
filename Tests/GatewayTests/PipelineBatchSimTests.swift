import TestSupport
import BlueZ
import Foundation
@testable import DeviceSessions
import GatewayStore
import HealthProfiles
import Testing

/// A cuff's memory dump against bluez-sim: device sessions → tap → pipeline (group commits) → store.
@Suite("Memory dump group commit against bluez-sim", .serialized)
struct PipelineBatchSimTests {
    static let count = 60

    /// `count` readings 20 minutes apart, the last one an hour ago, as the cuff's memory (hex payloads).
    static func memory(now: Date) throws -> String {
        let calendar = Calendar(identifier: .gregorian)
        return try (0..<count).map { index in
            let time = now.addingTimeInterval(-3_600 - Double(count - index) * 1_200)
            let parts = calendar.dateComponents(in: .current, from: time)
            let value = BloodPressureMeasurement(
                unit: .mmHg, systolic: try #require(MedFloat16(Double(110 + index % 30), exponent: 0)),
                diastolic: try #require(MedFloat16(Double(70 + index % 12), exponent: 0)),
                meanArterialPressure: try #require(MedFloat16(mantissa: 90, exponent: 0)),
                timestamp: DateTime(
                    year: UInt16(parts.year ?? 2026), month: UInt8(parts.month ?? 1), day: UInt8(parts.day ?? 1),
                    hours: UInt8(parts.hour ?? 0), minutes: UInt8(parts.minute ?? 0), seconds: UInt8(parts.second ?? 0)),
                pulseRate: MedFloat16(mantissa: 68, exponent: 0))
            return #"{"hex": "\#(Hex.string(Measurement.bloodPressure(value).encoded()))", "characteristic": "2A35"}"#
        }.joined(separator: ", ")
    }

    @Test("a cuff with 60 readings in memory: every one stored once, in order, whatever batches they came in")
    func memoryDumpStoredOnce() async throws {
        let sim = try await GatewaySim(json: """
            {"adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13"}],
             "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "paired": true,
                              "pairing": {"method": "just-works"}, "indicationSpacingMs": 0,
                              "readings": [\(try Self.memory(now: Date()))]}]}
            """, wiring: .control(storing: true))
        defer { Task { await sim.stop() } }
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        let outcomes = try await sim.pipelineOutcomes.waitFor(Self.count, within: 30)
        let ids = outcomes.compactMap { if case .stored(let id) = $0 { id } else { nil } }
        #expect(ids.count == Self.count, "\(outcomes.filter { if case .stored = $0 { false } else { true } })")
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        let stored = try sim.store.recentReadings(limit: 1_000)
        #expect(stored.count == Self.count)
        #expect(Set(stored.map(\.reading.raw)).count == Self.count)
        let batches = await sim.pipelineOutcomes.batchSizes
        #expect(batches.allSatisfy { $0 >= 2 && $0 <= DeviceInbox.maxBatch })
    }
}
