import Foundation
import Testing

@testable import Triage

/// Issue 5 "Done when": a 2-week series with a 2.5 kg gain in 3 days turns yellow on the right
/// morning, and a per-patient override changes the outcome.
@Suite("Two-week weight scenario")
struct ScenarioTests {
    typealias W = Fixture

    /// Morning weights (kg) for days 0–13; the gain: day 10 80.0 → day 13 82.5 (+2.5 kg in 3 days).
    /// Day 12 is +1.4 vs day 9 (green); the 7-day gain on day 13 is +2.2 vs day 6 (below W3's 2.5).
    static let mornings: [Double] = [
        80.4, 80.2, 80.5, 80.3, 80.4, 80.1, 80.3, 80.2, 80.1, 80.0, 80.0, 80.7, 81.4, 82.5,
    ]

    static func run(parameters: Parameters) -> [Assessment] {
        var history: [VitalReading] = []
        var state = AlertState.empty
        var result: [Assessment] = []
        for (day, kg) in mornings.enumerated() {
            // A heavier evening weighing every day must not disturb the morning comparison.
            let morning = W.weight(kg, day: day, 6, 45)
            let outcome = W.assess(morning, history: history, parameters: parameters, alertState: state)
            result.append(outcome.assessment)
            state = outcome.alertState
            history += [morning, W.weight(kg + 1.2, day: day, 21, 30)]
        }
        return result
    }

    @Test("default rules: yellow on day 13 and not before")
    func turnsYellowOnTheRightMorning() throws {
        let days = Self.run(parameters: .defaults)
        #expect(days.prefix(13).allSatisfy { $0.colour == .green })
        let day13 = try #require(days.last)
        #expect(day13.colour == .yellow)
        #expect(day13.fired.map(\.rule) == [.w1])
        #expect(day13.result(.w1)?.observed == "gain 2.5 kg over 3 days: 80.0 → 82.5")
        #expect(day13.worklist == .normal)
        #expect(day13.alert(.weightGain3d)?.status == .new)
        #expect(day13.text.hasPrefix("Din vikt har ökat med 2,5 kg på 3 dagar."))
    }

    @Test("override weight.gain_3d_kg = 3.0 keeps it green")
    func overrideKeepsGreen() throws {
        let patient = try Parameters.defaults.applying(overrides: ["weight.gain_3d_kg": 3.0])
        let days = Self.run(parameters: patient)
        #expect(days.allSatisfy { $0.colour == .green })
        #expect(days.last?.result(.w1)?.parameters.contains(ParameterValue(name: .weightGain3d, value: 3.0)) == true)
    }

    @Test("English text for the same morning")
    func english() throws {
        let history = Self.mornings.prefix(13).enumerated().map { W.weight($1, day: $0, 6, 45) }
        let outcome = W.assess(W.weight(82.5, day: 13, 6, 45), history: history, language: .english)
        #expect(outcome.assessment.text == "Your weight has gone up by 2.5 kg in 3 days. Follow your self-care plan. Your clinic has been informed and will contact you.")
    }
}

@Suite("Assessment persistence")
struct AssessmentCodingTests {
    @Test("an assessment and its alert state survive a JSON round trip")
    func roundTrip() throws {
        let outcome = Fixture.assess(Fixture.weight(75.0, day: 0), history: [Fixture.weight(72.5, day: -3)])
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        let assessment = try decoder.decode(Assessment.self, from: encoder.encode(outcome.assessment))
        #expect(assessment == outcome.assessment)
        #expect(assessment.fired.map(\.rule) == [.w1])
        let state = try decoder.decode(AlertState.self, from: encoder.encode(outcome.alertState))
        #expect(state == outcome.alertState)
        #expect(state.active[.weightGain3d]?.colour == .yellow)
    }
}
