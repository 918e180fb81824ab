import Foundation
import Testing

@testable import Triage

/// W1–W6 boundaries. Each case isolates one rule: the history holds only the reference morning it needs.
@Suite("Weight rules W1–W6")
struct WeightRuleTests {
    typealias W = Fixture

    /// (rule, days back, gain kg, symptoms, expected colour). Thresholds from CLINICAL.md §5a: ≥ is yellow.
    @Test(
        "gain rules: just below, at, just above the limit",
        arguments: [
            (RuleID.w1, 3, 1.9, Symptoms(), TriageColour.green),
            (.w1, 3, 2.0, [], .yellow),
            (.w1, 3, 2.1, [], .yellow),
            (.w1, 3, 2.0, .swelling, .red),
            (.w1, 3, 1.9, .breathlessness, .green),
            (.w1, 3, 2.0, .dizziness, .yellow),  // dizziness is not a congestion symptom
            (.w2, 1, 1.4, [], .green),
            (.w2, 1, 1.5, [], .yellow),
            (.w2, 1, 1.6, [], .yellow),
            (.w2, 1, 1.5, .breathlessness, .red),
            (.w3, 7, 2.4, [], .green),
            (.w3, 7, 2.5, [], .yellow),
            (.w3, 7, 2.6, [], .yellow),
            (.w3, 7, 2.5, .swelling, .red),
        ] as [(RuleID, Int, Double, Symptoms, TriageColour)])
    func gainBoundaries(rule: RuleID, daysBack: Int, gain: Double, symptoms: Symptoms, expected: TriageColour) {
        let reference = W.weight(72.3, day: -daysBack)
        let outcome = W.assess(W.weight(72.3 + gain, day: 0, symptoms: symptoms), history: [reference])
        #expect(outcome.assessment.colour(of: rule) == expected)
        #expect(outcome.assessment.colour == expected)
        let worklist: WorklistPriority = expected == .red ? .high : expected == .yellow ? .normal : .none
        #expect(outcome.assessment.worklist == worklist)
    }

    @Test func observationShowsWhy() throws {
        let outcome = W.assess(W.weight(75.0, day: 0), history: [W.weight(72.5, day: -3)])
        let w1 = try #require(outcome.assessment.result(.w1))
        #expect(w1.observed == "gain 2.5 kg over 3 days: 72.5 → 75.0")
        #expect(w1.parameters.contains(ParameterValue(name: .weightGain3d, value: 2.0)))
        #expect(outcome.assessment.ruleSet == "hf-default-2025.1")
        #expect(outcome.assessment.text.hasPrefix("Din vikt har ökat med 2,5 kg på 3 dagar."))
    }

    @Test("W2 red on two consecutive days")
    func w2TwoDaysInARow() {
        let history = [W.weight(70.0, day: -2), W.weight(71.5, day: -1)]
        #expect(W.assess(W.weight(73.0, day: 0), history: history).assessment.colour(of: .w2) == .red)
        let once = [W.weight(70.5, day: -2), W.weight(71.5, day: -1)]
        #expect(W.assess(W.weight(73.0, day: 0), history: once).assessment.colour(of: .w2) == .yellow)
    }

    /// Reference day fallback: exact day N, else up to `weight.reference_fallback_days` earlier.
    @Test(
        "W1 reference fallback",
        arguments: [
            (-3, 1.0, true), (-4, 1.0, true), (-5, 1.0, false), (-2, 1.0, false), (-4, 0.0, false), (-5, 2.0, true),
        ])
    func w1Fallback(referenceDay: Int, fallback: Double, evaluated: Bool) throws {
        let parameters = try Parameters.defaults.applying(overrides: ["weight.reference_fallback_days": fallback])
        let outcome = W.assess(
            W.weight(74.0, day: 0), history: [W.weight(71.0, day: referenceDay)], parameters: parameters)
        #expect((outcome.assessment.colour(of: .w1) == .yellow) == evaluated)
        #expect(outcome.assessment.wasSkipped(.w1) == !evaluated)
    }

    @Test("W2 has no fallback: a missing yesterday skips it")
    func w2NoFallback() {
        let outcome = W.assess(W.weight(74.0, day: 0), history: [W.weight(71.0, day: -2)])
        #expect(outcome.assessment.wasSkipped(.w2))
    }

    /// W4: strictly above target + margin, on 2 consecutive mornings.
    @Test(
        "W4 target weight",
        arguments: [
            (82.0, 82.0, TriageColour.green),  // at target + 2.0: not above
            (82.1, 82.1, .yellow),
            (81.9, 82.1, .green),  // only today above: needs 2 consecutive mornings
            (77.0, 77.0, .green),  // below target: W5 watches losses
        ])
    func w4(yesterday: Double, today: Double, expected: TriageColour) throws {
        let parameters = try Parameters.defaults.applying(overrides: ["weight.target_kg": 80])
        let outcome = W.assess(
            W.weight(today, day: 0), history: [W.weight(yesterday, day: -1)], parameters: parameters)
        #expect(outcome.assessment.colour(of: .w4) == expected)
    }

    @Test func w4SkippedWithoutTarget() {
        let outcome = W.assess(W.weight(90, day: 0), history: [W.weight(90, day: -1)])
        #expect(outcome.assessment.wasSkipped(.w4))
        #expect(outcome.assessment.colour == .green)
    }

    /// W5: loss over 3 days; red with a session-mean SBP below sbp.low_yellow within 24 h before.
    @Test(
        "W5 weight loss",
        arguments: [
            (1.9, nil, TriageColour.green), (2.0, nil, .yellow), (2.1, nil, .yellow),
            (2.0, 99.0, .red), (2.0, 100.0, .yellow), (1.9, 85.0, .green),
        ] as [(Double, Double?, TriageColour)])
    func w5(loss: Double, sbp: Double?, expected: TriageColour) {
        var history = [W.weight(80.0, day: -3)]
        if let sbp {
            let (first, second) = W.session(sbp, day: -1, hour: 20)
            history += [first, second]
        }
        let outcome = W.assess(W.weight(80.0 - loss, day: 0), history: history)
        #expect(outcome.assessment.colour(of: .w5) == expected)
    }

    /// W6: |change| ≥ 5.0 kg vs the previous morning is grey, not sent to staff.
    @Test("W6 implausible jump", arguments: [(4.9, TriageColour.green), (5.0, .grey), (-5.0, .grey), (-4.9, .green)])
    func w6(change: Double, expected: TriageColour) {
        let outcome = W.assess(W.weight(80.0 + change, day: 0), history: [W.weight(80.0, day: -1)])
        #expect(outcome.assessment.colour(of: .w6) == expected)
        if expected == .grey {
            #expect(outcome.assessment.colour == .grey)
            #expect(outcome.assessment.worklist == WorklistPriority.none)
            #expect(outcome.assessment.text == "Kontrollera att det är du som vägt dig / väg dig igen.")
            #expect(outcome.assessment.wasSkipped(.w1) && outcome.assessment.wasSkipped(.w2))
        }
    }

    @Test("W6 repeated three times in a row reaches staff; the other person's weight is never a reference")
    func w6Repeated() {
        let history = [
            W.weight(80.0, day: -3), W.weight(62.0, day: -2), W.weight(62.2, day: -1),
        ]
        let outcome = W.assess(W.weight(61.9, day: 0), history: history)
        #expect(outcome.assessment.colour == .grey)
        #expect(outcome.assessment.result(.w6)?.repeated == true)
        #expect(outcome.assessment.worklist == .normal)
        #expect(outcome.assessment.raisesWorklistItem)
        // The patient's own weight afterwards compares with day -3, not with the 62 kg readings.
        let back = W.assess(W.weight(80.4, day: 1), history: history + [W.weight(61.9, day: 0)])
        #expect(back.assessment.colour(of: .w6) == .green)
        #expect(back.assessment.colour == .green)
    }

    @Test("first morning weight: later and evening weighings are not compared")
    func morningWindow() {
        let history = [W.weight(70.0, day: -3), W.weight(70.0, day: 0, 6, 30)]
        let evening = W.assess(W.weight(73.0, day: 0, 20), history: history)
        #expect(evening.assessment.colour == .green)
        #expect(evening.assessment.wasSkipped(.w1))
        #expect(evening.assessment.messages.map(\.id) == [.weightNotMorning])
        let second = W.assess(W.weight(73.0, day: 0, 8), history: history)
        #expect(second.assessment.wasSkipped(.w1))
        #expect(second.assessment.messages.map(\.id) == [.weightAlreadyToday])
        // An evening weight is never a reference: only the 20:00 reading exists 3 days back.
        let noReference = W.assess(W.weight(73.0, day: 0), history: [W.weight(70.0, day: -3, 20)])
        #expect(noReference.assessment.wasSkipped(.w1))
    }

    @Test("morning window edges: 04:00 is in, 11:00 is out")
    func morningWindowEdges() {
        let reference = W.weight(70.0, day: -3)
        #expect(W.assess(W.weight(72.0, day: 0, 4, 0), history: [reference]).assessment.colour(of: .w1) == .yellow)
        #expect(W.assess(W.weight(72.0, day: 0, 10, 59), history: [reference]).assessment.colour(of: .w1) == .yellow)
        #expect(W.assess(W.weight(72.0, day: 0, 11, 0), history: [reference]).assessment.wasSkipped(.w1))
        #expect(W.assess(W.weight(72.0, day: 0, 3, 59), history: [reference]).assessment.wasSkipped(.w1))
    }

    @Test("flexible-diuretic order changes the self-care text only")
    func diureticText() throws {
        let plain = W.assess(W.weight(72.0, day: 0), history: [W.weight(70.0, day: -3)])
        #expect(plain.assessment.messages.map(\.id) == [.weightGain, .selfCarePlan, .clinicInformed])
        let plan = try Parameters.defaults.applying(overrides: ["plan.flexible_diuretics": 1])
        let withPlan = W.assess(W.weight(72.0, day: 0), history: [W.weight(70.0, day: -3)], parameters: plan)
        #expect(withPlan.assessment.messages.map(\.id) == [.weightGain, .selfCarePlanDiuretic, .clinicInformed])
        #expect(withPlan.assessment.colour == .yellow)
    }
}
