import TestSupport
import Display
import Foundation
@testable import DeviceSessions
@testable import ReadingPath
@testable import GatewayStore
import HealthProfiles
import Logging
import Testing

/// Start-up (the display filled from the store) and the missing-data timer (M1).
@Suite struct PipelineStartupTests {
    static func weighing(_ kg: Double, day: Int, fixture: PipelineFixture) async -> MeasurementOutcome {
        let time = DateTime(year: 2026, month: 11, day: UInt8(day), hours: 7, minutes: 0, seconds: 0)
        let payload = Measurement.weight(
            WeightMeasurement(unit: .si, weightRaw: UInt16((kg / 0.005).rounded()), timestamp: time)).encoded()
        return await fixture.pipeline.handle(
            PipelineFixture.event(.weightMeasurement, payload, address: PipelineFixture.scale,
                                  receivedAt: PipelineFixture.local(2026, 11, day, 7, 1), connection: UInt64(day)))
    }

    @Test("start() shows the stored readings and the trend of their patient on a fresh display")
    func startLoadsDisplay() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-s", kind: .scale)
        for day in 20...22 { _ = await Self.weighing(80, day: day, fixture: fixture) }
        let hub = DisplayHub(trends: TrendSeries.empty(endingAt: Date(timeIntervalSince1970: 0)))
        let restarted = ReadingPipeline(store: fixture.store, display: hub, configuration: PipelineFixture.configuration)
        try await restarted.start(now: PipelineFixture.local(2026, 11, 22, 12, 0))
        let state = await hub.state
        #expect(state.recent.count == 3)
        #expect(state.latest?.timeText == "I dag 07:00")
        #expect(state.latest?.valueText == "80,0\u{00A0}kg")
        #expect(state.latest?.headline == "Värdet ser bra ut.")
        #expect(state.trends.weights.count == 3)
    }

    @Test("missingDataCheck: yellow after 2 days without a morning weight, once; green with a recent weight")
    func missingData() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-m", kind: .scale)
        _ = await Self.weighing(80, day: 20, fixture: fixture)
        let fresh = try await fixture.pipeline.missingDataCheck(now: PipelineFixture.local(2026, 11, 20, 12, 0))
        #expect(fresh.map(\.assessment.colour) == [.green])
        let late = try await fixture.pipeline.missingDataCheck(now: PipelineFixture.local(2026, 11, 23, 12, 0))
        #expect(late.map(\.patientID) == ["p-m"])
        #expect(late.first?.assessment.colour == .yellow)
        #expect(late.first?.assessment.alerts.first?.status == .new)
        #expect(try fixture.store.alertStates(patient: "p-m")["weight.missing"] != nil)
        let again = try await fixture.pipeline.missingDataCheck(now: PipelineFixture.local(2026, 11, 23, 18, 0))
        #expect(again.first?.assessment.alerts.first?.status != .new)
    }
}
