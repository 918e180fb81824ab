import Foundation
@testable import DeviceSessions
@testable import GatewayStore
import HealthProfiles
import Testing

/// The pipeline remembers each device slot's patient between readings; the store re-reads the
/// assignment with every reading, so a reassignment or revocation applies to the very next one.
@Suite struct PipelineBindingCacheTests {
    static let now = PipelineFixture.local(2026, 11, 20, 8, 31)

    /// sim-bp-1 (120/80, 2026-11-20 08:30) with another systolic value, so each one is a new reading.
    static func reading(systolic: UInt8) throws -> MeasurementEvent {
        var bytes = try PayloadFixtures.shared.entry("sim-bp-1").bytes
        bytes[1] = systolic
        return PipelineFixture.event(.bloodPressureMeasurement, bytes, address: PipelineFixture.cuff, receivedAt: now)
    }

    func patient(_ outcome: MeasurementOutcome, _ fixture: PipelineFixture) throws -> String? {
        guard case .stored(let id) = outcome else { return nil }
        return try fixture.store.reading(id: ReadingID(rawValue: id))?.reading.patientID
    }

    @Test("a slot reassigned after a reading: the next reading goes to the new patient")
    func reassigned() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-old")
        #expect(try patient(await fixture.pipeline.handle(try Self.reading(systolic: 121)), fixture) == "p-old")
        try fixture.store.assign(address: PipelineFixture.cuff, userIndex: nil, patientID: "p-new", at: Self.now, by: "tech-1")
        let outcome = await fixture.pipeline.handle(try Self.reading(systolic: 122))
        #expect(try patient(outcome, fixture) == "p-new")
        // Its PHD identifier names the new patient too (the reading was rebuilt, not just relabelled).
        guard case .stored(let id) = outcome else { return }
        #expect(try fixture.store.reading(id: ReadingID(rawValue: id))?.reading.phdIdentifier.contains("-p-new-") == true)
        #expect(try patient(await fixture.pipeline.handle(try Self.reading(systolic: 123)), fixture) == "p-new")
    }

    @Test("a slot revoked after a reading: the next reading is rejected, nothing stored or shown")
    func revoked() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        #expect(try patient(await fixture.pipeline.handle(try Self.reading(systolic: 121)), fixture) == "p-1")
        try fixture.store.revokeAssignment(address: PipelineFixture.cuff, userIndex: nil, at: Self.now, by: "tech-1")
        let revision = await fixture.hub.state.revision
        let outcome = await fixture.pipeline.handle(try Self.reading(systolic: 122))
        guard case .rejected(let reason) = outcome else { Issue.record("expected rejected, got \(outcome)"); return }
        #expect(reason.contains("not assigned"))
        #expect(try fixture.store.recentReadings(limit: 10).count == 1)
        #expect(await fixture.hub.state.revision == revision)
        // Assigned again: accepted again.
        try fixture.store.assign(address: PipelineFixture.cuff, userIndex: nil, patientID: "p-2", at: Self.now, by: "tech-1")
        #expect(try patient(await fixture.pipeline.handle(try Self.reading(systolic: 123)), fixture) == "p-2")
    }

    @Test("a threshold override set between two readings applies to the second one")
    func thresholdChangeApplies() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let first = await fixture.pipeline.handle(try Self.reading(systolic: 130))
        try fixture.store.setThreshold(patient: "p-1", parameter: "sbp.high_yellow", value: 125,
                                       changedBy: "dr-1", reason: "test", at: Self.now)
        let second = await fixture.pipeline.handle(try Self.reading(systolic: 131))
        guard case .stored(let one) = first, case .stored(let two) = second else {
            Issue.record("expected two stored readings"); return
        }
        #expect(try fixture.store.reading(id: ReadingID(rawValue: one))?.assessment?.colour == .green)
        #expect(try fixture.store.reading(id: ReadingID(rawValue: two))?.assessment?.colour == .yellow)
        // The trend lines follow the new limit.
        #expect(await fixture.hub.state.trends.bloodPressureLines.contains { $0.value == 125 })
    }
}
