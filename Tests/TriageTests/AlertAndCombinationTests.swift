import Foundation
import Testing

@testable import Triage

@Suite("Alert suppression, C1 combination, M1 missing weight")
struct AlertAndCombinationTests {
    typealias W = Fixture

    /// Feeds morning weights day by day, carrying history and alert state like the daemon does.
    static func run(
        _ kgs: [Double], parameters: Parameters = .defaults, acknowledgeOn: Int? = nil
    ) -> [Assessment] {
        var history: [VitalReading] = []
        var state = AlertState.empty
        var assessments: [Assessment] = []
        for (day, kg) in kgs.enumerated() {
            if day == acknowledgeOn { state.acknowledge(.weightGain3d) }
            let reading = W.weight(kg, day: day, 7, 15)
            let outcome = W.assess(reading, history: history, parameters: parameters, alertState: state)
            assessments.append(outcome.assessment)
            history.append(reading)
            state = outcome.alertState
        }
        return assessments
    }

    @Test("W1 stays yellow for 3 days: alerted once, re-alerted after clearing")
    func suppression() {
        // Day 4: +2.0 vs day 1; days 5–6 still +2.0 vs days 2–3; day 7 green; day 10 +2.0 again.
        let days = Self.run([70, 70, 70, 70, 72, 72, 72, 72, 72, 72, 74])
        let w1: [TriageColour?] = days.map { $0.colour(of: .w1) }
        let expectedW1: [TriageColour?] = [nil, nil, nil, .green, .yellow, .yellow, .yellow, .green, .green, .green, .yellow]
        #expect(w1 == expectedW1)
        let statuses: [AlertChange.Status?] = days.map { $0.alert(.weightGain3d)?.status }
        let expectedStatuses: [AlertChange.Status?] = [nil, nil, nil, nil, .new, .continuing, .continuing, nil, nil, nil, .new]
        #expect(statuses == expectedStatuses)
        #expect(days[7].cleared.contains(.weightGain3d))
        #expect(days[4].raisesWorklistItem)
        #expect(days[5].worklist == .normal)
        #expect(days[5].alert(.weightGain3d)?.status == .continuing)
    }

    @Test("acknowledgement re-arms the signal")
    func acknowledged() {
        let days = Self.run([70, 70, 70, 70, 72, 72, 72], acknowledgeOn: 5)
        let statuses: [AlertChange.Status?] = days.map { $0.alert(.weightGain3d)?.status }
        let expected: [AlertChange.Status?] = [nil, nil, nil, nil, .new, .new, .continuing]
        #expect(statuses == expected)
    }

    @Test("C1: yellow weight gain plus low SBP or fast pulse in the session is red", arguments: [
        (85.0, 70.0, TriageColour.red), (90, 70, .green), (120, 120, .red), (120, 119, .green),
    ])
    func c1FromCuff(sbp: Double, pulse: Double, expected: TriageColour) {
        let weights = [W.weight(70, day: -3), W.weight(72, day: 0, 7)]
        let (first, second) = W.session(sbp, 60, pulse: pulse, day: 0, hour: 8)
        let assessment = W.assess(second, history: weights + [first]).assessment
        #expect(assessment.colour(of: .c1) == expected)
        if expected == .red {
            #expect(assessment.colour == .red)
            #expect(assessment.worklist == .high)
        }
    }

    @Test("C1 from the weight side: the BP session came first")
    func c1FromWeight() {
        let (first, second) = W.session(85, 60, day: -1, hour: 21)
        let assessment = W.assess(W.weight(72, day: 0, 7), history: [W.weight(70, day: -3), first, second]).assessment
        #expect(assessment.colour(of: .w1) == .yellow)
        #expect(assessment.colour(of: .c1) == .red)
        #expect(assessment.colour == .red)
        // Without a yellow weight rule C1 stays green.
        let calm = W.assess(W.weight(70.5, day: 0, 7), history: [W.weight(70, day: -3), first, second]).assessment
        #expect(calm.colour(of: .c1) == .green)
    }

    @Test("C1 with a single cuff reading waits for confirmation")
    func c1Confirmation() {
        let reading = W.cuff(85, 60, at: W.at(day: 0, 8))
        let assessment = W.assess(reading, history: [W.weight(70, day: -3), W.weight(72, day: 0, 7)]).assessment
        #expect(assessment.colour(of: .c1) == .yellow)
        #expect(assessment.result(.c1)?.awaitingConfirmation == true)
    }

    /// M1: no morning weight for missing.weight_days (2) local days; today counts once its morning window closed.
    @Test(
        "M1 missing weight",
        arguments: [
            (-2, 12, TriageColour.yellow), (-2, 8, .green), (-1, 12, .green), (-3, 8, .yellow), (0, 12, .green),
        ])
    func m1(lastMorning: Int, hourNow: Int, expected: TriageColour) {
        let outcome = TriageEngine.missingData(
            now: W.at(day: 0, hourNow), history: PatientHistory(readings: [W.weight(70, day: lastMorning)]),
            parameters: .defaults, alertState: .empty, calendar: W.calendar)
        #expect(outcome.assessment.colour == expected)
        #expect(outcome.assessment.colour(of: .m1) == expected)
        #expect(outcome.assessment.worklist == (expected == .yellow ? .normal : WorklistPriority.none))
        #expect(outcome.assessment.text.isEmpty == (expected == .green))
    }

    @Test("M1 alerts once, then a morning weight clears it")
    func m1Lifecycle() {
        let history = PatientHistory(readings: [W.weight(70, day: -3), W.weight(70, day: -2, 20)])
        let first = TriageEngine.missingData(
            now: W.at(day: 0, 12), history: history, parameters: .defaults, alertState: .empty, calendar: W.calendar)
        #expect(first.assessment.alert(.missingWeight)?.status == .new)
        #expect(first.assessment.text == "Du har inte vägt dig på 3 dagar. Väg dig i morgon bitti efter toalettbesök och före frukost.")
        let again = TriageEngine.missingData(
            now: W.at(day: 0, 18), history: history, parameters: .defaults, alertState: first.alertState,
            calendar: W.calendar)
        #expect(again.assessment.alert(.missingWeight)?.status == .continuing)
        #expect(!again.assessment.raisesWorklistItem)
        let weighed = W.assess(W.weight(70.2, day: 1), history: history.readings, alertState: again.alertState)
        #expect(weighed.assessment.cleared.contains(.missingWeight))
        #expect(weighed.alertState.active.isEmpty)
    }
}
