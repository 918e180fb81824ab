import Foundation
import Testing

@testable import Triage

/// B1–B3, H1, H2, Q1 on confirmed sessions (two equal readings 2 minutes apart, so the mean is the value).
@Suite("Blood pressure and pulse rules")
struct CuffRuleTests {
    typealias W = Fixture

    static func assessSession(
        _ sbp: Double, _ dbp: Double = 75, pulse: Double? = 70, symptoms: Symptoms = [],
        parameters: Parameters = .defaults
    ) -> Assessment {
        let (first, second) = W.session(sbp, dbp, pulse: pulse, symptoms: symptoms)
        return W.assess(second, history: [first], parameters: parameters).assessment
    }

    /// B1 thresholds (CLINICAL.md §5b): red < 80, < 90 with dizziness, ≥ 180; yellow < 100 or ≥ 135.
    @Test(
        "B1 systolic boundaries",
        arguments: [
            (79.0, Symptoms(), TriageColour.red), (80, [], .yellow), (89, [], .yellow), (99, [], .yellow),
            (100, [], .green), (134, [], .green), (135, [], .yellow), (179, [], .yellow), (180, [], .red),
            (89, .dizziness, .red), (90, .dizziness, .yellow), (89, .swelling, .yellow),
        ] as [(Double, Symptoms, TriageColour)])
    func b1(sbp: Double, symptoms: Symptoms, expected: TriageColour) {
        let assessment = Self.assessSession(sbp, 70, pulse: 70, symptoms: symptoms)
        #expect(assessment.colour(of: .b1) == expected)
        if symptoms.isEmpty { #expect(assessment.colour == expected) }
    }

    @Test("B2 diastolic boundaries", arguments: [(84.0, TriageColour.green), (85, .yellow), (109, .yellow), (110, .red)])
    func b2(dbp: Double, expected: TriageColour) {
        let assessment = Self.assessSession(120, dbp)
        #expect(assessment.colour(of: .b2) == expected)
        #expect(assessment.colour == expected)
    }

    /// H1: red < 40 or ≥ 120; yellow 40–49 or 100–119; with symptoms red < 50 or > 100.
    @Test(
        "H1 pulse boundaries",
        arguments: [
            (39.0, Symptoms(), TriageColour.red), (40, [], .yellow), (49, [], .yellow), (50, [], .green),
            (99, [], .green), (100, [], .yellow), (119, [], .yellow), (120, [], .red),
            (49, .dizziness, .red), (50, .dizziness, .green), (100, .breathlessness, .yellow),
            (101, .breathlessness, .red),
        ] as [(Double, Symptoms, TriageColour)])
    func h1(pulse: Double, symptoms: Symptoms, expected: TriageColour) {
        let assessment = Self.assessSession(120, 75, pulse: pulse, symptoms: symptoms)
        #expect(assessment.colour(of: .h1) == expected)
    }

    @Test func h1SkippedWithoutPulse() {
        #expect(Self.assessSession(120, 75, pulse: nil).wasSkipped(.h1))
    }

    @Test("per-patient override: sbp.low_yellow 90 makes 95 green", arguments: [(95.0, TriageColour.green), (89, .yellow)])
    func lowYellowOverride(sbp: Double, expected: TriageColour) throws {
        let parameters = try Parameters.defaults.applying(overrides: ["sbp.low_yellow": 90])
        #expect(Self.assessSession(95, 70).colour == .yellow)
        #expect(Self.assessSession(sbp, 70, parameters: parameters).colour(of: .b1) == expected)
    }

    /// The session mean decides (ESH): readings within bp.session_window_minutes of the first.
    @Test(
        "session mean",
        arguments: [
            (150.0, 120.0, 2, TriageColour.yellow),  // mean 135
            (150, 118, 2, .green),  // mean 134
            (150, 118, 15, .green),  // 15 min (bp.session_window_minutes): same session
            (150, 134, 16, .green),  // 16 min: a new session, 134 alone
            (150, 135, 16, .yellow),
        ] as [(Double, Double, Int, TriageColour)])
    func sessionMean(first: Double, second: Double, minutes: Int, expected: TriageColour) {
        let earlier = W.cuff(first, 70, at: W.at(day: 0, 8, 0))
        let reading = W.cuff(second, 70, at: W.at(day: 0, 8, minutes))
        #expect(W.assess(reading, history: [earlier]).assessment.colour(of: .b1) == expected)
    }

    @Test("failed readings do not count in the session mean")
    func failedExcludedFromMean() {
        let moved = W.cuff(200, 70, at: W.at(day: 0, 8, 0), status: CuffStatus(bodyMovement: true))
        let valid = W.cuff(120, 70, at: W.at(day: 0, 8, 2))
        let assessment = W.assess(valid, history: [moved]).assessment
        #expect(assessment.colour(of: .b1) == .green)
        #expect(assessment.result(.b1)?.observed.hasPrefix("session-mean SBP 120 (n=1: 120)") == true)
    }

    /// Principle 3: a red first reading is held at yellow with "rest 5 min and measure again".
    @Test("confirmation before red")
    func confirmBeforeRed() throws {
        let first = W.cuff(185, 80, at: W.at(day: 0, 8, 0))
        let single = W.assess(first)
        #expect(single.assessment.colour == .yellow)
        #expect(single.assessment.result(.b1)?.awaitingConfirmation == true)
        #expect(single.assessment.messages.map(\.id) == [.confirmRest])
        #expect(single.assessment.text == "Värdet behöver bekräftas – vila 5 minuter och mät igen.")
        #expect(single.assessment.worklist == .normal)
        #expect(single.assessment.alert(.systolic)?.status == .new)

        let stillRed = W.assess(
            W.cuff(181, 80, at: W.at(day: 0, 8, 9)), history: [first], alertState: single.alertState)
        #expect(stillRed.assessment.colour == .red)
        #expect(stillRed.assessment.worklist == .high)
        #expect(stillRed.assessment.alert(.systolic)?.status == .new, "escalation yellow → red is a new alert")
        #expect(stillRed.assessment.text.contains("1177") && stillRed.assessment.text.contains("112"))

        let settled = W.assess(
            W.cuff(120, 80, at: W.at(day: 0, 8, 6)), history: [first], alertState: single.alertState)
        #expect(settled.assessment.colour == .yellow, "mean 152.5 is yellow, not red")
        #expect(settled.assessment.result(.b1)?.awaitingConfirmation == false)
        #expect(settled.assessment.alert(.systolic)?.status == .continuing)
    }

    @Test("Q1: cuff failure is grey and reaches staff only after 3 failed sessions in a row")
    func q1() {
        let bad = CuffStatus(cuffTooLoose: true)
        let failures = (0..<3).map { W.cuff(130, 80, at: W.at(day: 0, 8 + $0, 0), status: bad) }
        let once = W.assess(failures[0])
        #expect(once.assessment.colour == .grey)
        #expect(once.assessment.worklist == WorklistPriority.none)
        #expect(once.assessment.text == "Mätningen blev inte godkänd – vila 5 minuter och mät igen.")
        #expect(once.assessment.wasSkipped(.b1))
        let twice = W.assess(failures[1], history: [failures[0]])
        #expect(twice.assessment.worklist == WorklistPriority.none)
        let thrice = W.assess(failures[2], history: Array(failures[0..<2]))
        #expect(thrice.assessment.result(.q1)?.repeated == true)
        #expect(thrice.assessment.worklist == .normal)
        #expect(thrice.assessment.alert(.measurementQuality)?.status == .new)
        // A valid reading clears the quality signal.
        let good = W.assess(
            W.cuff(120, 75, at: W.at(day: 0, 12)), history: failures, alertState: thrice.alertState)
        #expect(good.assessment.cleared.contains(.measurementQuality))
        #expect(good.alertState.active[.measurementQuality] == nil)
    }

    @Test("Q1: a failed reading inside a session that already has a valid one is not a failed session")
    func q1InsideValidSession() {
        let history = (0..<2).map { W.cuff(130, 80, at: W.at(day: 0, 8 + $0, 0), status: CuffStatus(bodyMovement: true)) }
            + [W.cuff(120, 75, at: W.at(day: 0, 10, 0))]
        let reading = W.cuff(120, 75, at: W.at(day: 0, 10, 3), status: CuffStatus(improperPosition: true))
        let assessment = W.assess(reading, history: history).assessment
        #expect(assessment.colour == .grey)
        #expect(assessment.result(.q1)?.repeated == false)
    }

    /// B3: drop ≥ 20 mmHg below the median of ≥ 5 earlier sessions in 14 days.
    @Test("B3 own baseline", arguments: [(110.0, 5, TriageColour.yellow), (111, 5, .green), (110, 4, nil)])
    func b3(sbp: Double, earlierSessions: Int, expected: TriageColour?) {
        let history = (1...earlierSessions).flatMap { day -> [VitalReading] in
            let (a, b) = W.session(130, 75, day: -day)
            return [a, b]
        }
        let (first, second) = W.session(sbp, 75, day: 0)
        let assessment = W.assess(second, history: history + [first]).assessment
        #expect(assessment.colour(of: .b3) == expected)
        #expect(assessment.wasSkipped(.b3) == (expected == nil))
    }

    @Test("H2: one irregular session is a neutral note; 2 of the last 3 are yellow")
    func h2() {
        let irregular = CuffStatus(irregularPulse: true)
        let first = W.assess(W.cuff(120, 75, at: W.at(day: 0, 8), status: irregular))
        #expect(first.assessment.colour == .green)
        #expect(first.assessment.messages.map(\.id) == [.green, .irregularPulseNote])
        let history = [
            W.cuff(120, 75, at: W.at(day: -2, 8), status: irregular), W.cuff(120, 75, at: W.at(day: -1, 8)),
        ]
        let second = W.assess(W.cuff(120, 75, at: W.at(day: 0, 8), status: irregular), history: history)
        #expect(second.assessment.colour(of: .h2) == .yellow)
        let older = [W.cuff(120, 75, at: W.at(day: -3, 8), status: irregular)] + history.suffix(1)
            + [W.cuff(120, 75, at: W.at(day: -1, 20))]
        let third = W.assess(W.cuff(120, 75, at: W.at(day: 0, 8), status: irregular), history: older)
        #expect(third.assessment.colour(of: .h2) == .green, "the earlier flag is 4 sessions back")
    }
}

@Suite("Session window override")
struct SessionWindowTests {
    @Test("bp.session_window_minutes = 10 splits readings 11 minutes apart")
    func override() throws {
        let parameters = try Parameters.defaults.applying(overrides: ["bp.session_window_minutes": 10])
        let earlier = Fixture.cuff(150, 70, at: Fixture.at(day: 0, 8, 0))
        let reading = Fixture.cuff(120, 70, at: Fixture.at(day: 0, 8, 11))
        #expect(Fixture.assess(reading, history: [earlier]).assessment.colour(of: .b1) == .yellow)  // mean 135
        #expect(Fixture.assess(reading, history: [earlier], parameters: parameters).assessment.colour(of: .b1) == .green)
    }
}
