import TestSupport
import Foundation
@testable import GatewayStore
import HealthProfiles
import Testing

/// The "Done when": two weeks of morning weights with a 2.5 kg gain in 3 days.
@Suite struct PipelineScenarioTests {
    /// Days 0–5 80.3 kg, days 6–9 80.0, then 80.8, 81.6, 82.5 (+2.5 kg over 3 days on day 12, +2.2 over
    /// 7 days, at most +0.9 per day), day 13 82.3 (+1.5 over 3 days, +2.3 over 7: green again). Morning weighings at 07:00, received 07:01.
    static let weights: [Double] = [80.3, 80.3, 80.3, 80.3, 80.3, 80.3, 80.0, 80.0, 80.0, 80.0, 80.8, 81.6, 82.5, 82.3]

    static func run(override gain3d: Double?) async throws -> [(AssessmentColour, [String])] {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-w", kind: .scale)
        if let gain3d {
            try fixture.store.setThreshold(
                patient: "p-w", parameter: "weight.gain_3d_kg", value: gain3d, changedBy: "nurse-1",
                reason: "test", at: PipelineFixture.local(2026, 11, 1, 6, 0))
        }
        var results: [(AssessmentColour, [String])] = []
        for (day, kg) in weights.enumerated() {
            let measured = PipelineFixture.local(2026, 11, 2 + day, 7, 0)
            let time = DateTime(year: 2026, month: 11, day: UInt8(2 + day), hours: 7, minutes: 0, seconds: 0)
            let payload = Measurement.weight(
                WeightMeasurement(unit: .si, weightRaw: UInt16((kg / 0.005).rounded()), timestamp: time)).encoded()
            let outcome = await fixture.pipeline.handle(
                PipelineFixture.event(.weightMeasurement, payload, address: PipelineFixture.scale,
                                      receivedAt: measured.addingTimeInterval(60), connection: UInt64(day)))
            guard case .stored(let id) = outcome else { throw ScenarioError.notStored(day, "\(outcome)") }
            let assessment = try #require(try fixture.store.reading(id: ReadingID(rawValue: id))?.assessment)
            results.append((assessment.colour, assessment.ruleIDs))
            #expect(await fixture.hub.state.latest?.id == String(id))
        }
        #expect(await fixture.hub.state.trends.weights.count == weights.count)
        return results
    }

    @Test("defaults: green every morning until day 12 (2.5 kg in 3 days ≥ 2.0) turns YELLOW by W1")
    func gainTurnsYellow() async throws {
        let results = try await Self.run(override: nil)
        for day in 0..<12 { #expect(results[day].0 == .green, "day \(day)") }
        #expect(results[12].0 == .yellow)
        #expect(results[12].1 == ["W1"])
        #expect(results[13].0 == .green)
    }

    @Test("per-patient override weight.gain_3d_kg = 3.0: the same two weeks stay green")
    func overrideKeepsGreen() async throws {
        let results = try await Self.run(override: 3.0)
        for day in 0..<weights.count { #expect(results[day].0 == .green, "day \(day): \(results[day].1)") }
    }

    enum ScenarioError: Error {
        case notStored(Int, String)
    }

    var weights: [Double] { Self.weights }
}
