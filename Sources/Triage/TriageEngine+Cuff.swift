import Foundation

extension TriageEngine {
    /// Q1, B1–B3, H1, H2 and C1 for a cuff reading, on the mean of its session.
    static func assessCuff(_ value: BloodPressure, context: Context) -> Evaluation {
        var evaluation = Evaluation()
        let parameters = context.parameters
        let cuff = context.cuff
        let sessions = cuff.sessions
        // The reading is in exactly one session (Context drops history copies of its id).
        guard let index = cuff.readingSession else {
            evaluation.skip(.b1, "blood pressure is not a finite number")
            return evaluation
        }
        let session = sessions[index]
        let qualityUsed = [parameters.used(.qualityFailedRepeat)]
        if value.status.isFailedMeasurement {
            var run = 0
            var earlier = index
            while earlier >= 0, sessions[earlier].failed {
                run += 1
                earlier -= 1
            }
            let repeated = session.failed && run >= parameters.count(.qualityFailedRepeat)
            evaluation.add(
                RuleResult(
                    rule: .q1, colour: .grey, parameters: qualityUsed,
                    observed: "cuff flags: \(failureFlags(value.status)); \(run) failed session(s) in a row",
                    repeated: repeated),
                message: PatientMessage(.measureAgain))
            for rule in [RuleID.b1, .b2, .b3, .h1, .h2, .c1] { evaluation.skip(rule, "measurement failed (Q1)") }
            return evaluation
        }
        evaluation.add(RuleResult(rule: .q1, colour: .green, parameters: qualityUsed, observed: "no failure flag"))
        // The assessed session's valid readings, for the texts of B1, B2 and H1.
        let valid = cuff.valid(session)
        pressureRules(session, valid: valid, context: context, into: &evaluation)
        baselineRule(session, index: index, context: context, into: &evaluation)
        pulseRule(session, valid: valid, context: context, into: &evaluation)
        irregularRule(upTo: index, context: context, into: &evaluation)
        combinationFromCuff(session, context: context, into: &evaluation)
        return evaluation
    }

    /// Holds a red session result at yellow until a second valid reading confirms it (principle 3).
    static func confirmed(_ colour: TriageColour, _ session: CuffSession) -> (TriageColour, Bool) {
        colour == .red && session.validCount < 2 ? (.yellow, true) : (colour, false)
    }

    static func sessionText(_ label: String, _ mean: Double, _ values: [Double]) -> String {
        var text = "session-mean \(label) \(NumberText.plain(mean)) (n=\(values.count): "
        for (position, value) in values.enumerated() {
            if position > 0 { text += ", " }
            text += NumberText.plain(value)
        }
        text += ")"
        return text
    }

    /// B1 (systolic) and B2 (diastolic).
    static func pressureRules(
        _ session: CuffSession, valid: [CuffPoint], context: Context, into evaluation: inout Evaluation
    ) {
        let p = context.parameters
        guard let sbp = session.meanSystolic, let dbp = session.meanDiastolic else { return }
        let dizzy = context.cuff.symptoms(session).contains(.dizziness)
        var b1: TriageColour = .green
        if sbp < p.value(.sbpLowRed) || sbp >= p.value(.sbpHighRed) || (dizzy && sbp < p.value(.sbpLowRedSymptomatic)) {
            b1 = .red
        } else if sbp < p.value(.sbpLowYellow) || sbp >= p.value(.sbpHighYellow) {
            b1 = .yellow
        }
        let (colour1, pending1) = confirmed(b1, session)
        evaluation.add(
            RuleResult(
                rule: .b1, colour: colour1,
                parameters: [
                    p.used(.sbpLowRed), p.used(.sbpLowRedSymptomatic), p.used(.sbpLowYellow), p.used(.sbpHighYellow),
                    p.used(.sbpHighRed), p.used(.bpSessionWindow),
                ],
                observed: sessionText("SBP", sbp, valid.map(\.value.systolic)) + " mmHg"
                    + (dizzy ? "; dizziness reported" : "") + (pending1 ? "; red, awaiting a second reading" : ""),
                awaitingConfirmation: pending1),
            message: PatientMessage(sbp < p.value(.sbpLowYellow) ? .bloodPressureLow : .bloodPressureHigh))
        var b2: TriageColour = .green
        if dbp >= p.value(.dbpHighRed) {
            b2 = .red
        } else if dbp >= p.value(.dbpHighYellow) {
            b2 = .yellow
        }
        let (colour2, pending2) = confirmed(b2, session)
        evaluation.add(
            RuleResult(
                rule: .b2, colour: colour2,
                parameters: [p.used(.dbpHighYellow), p.used(.dbpHighRed), p.used(.bpSessionWindow)],
                observed: sessionText("DBP", dbp, valid.map(\.value.diastolic)) + " mmHg"
                    + (pending2 ? "; red, awaiting a second reading" : ""),
                awaitingConfirmation: pending2),
            message: PatientMessage(.bloodPressureHigh))
    }

    /// B3: the session-mean SBP vs the median of the patient's earlier sessions.
    static func baselineRule(
        _ session: CuffSession, index: Int, context: Context, into evaluation: inout Evaluation
    ) {
        let p = context.parameters
        guard let sbp = session.meanSystolic else { return }
        let days = p.value(.sbpBaselineDays)
        let from = session.start.addingTimeInterval(-days * 86_400)
        // Sessions start in time order: the ones since `from` are the last ones before this one.
        let sessions = context.cuff.sessions
        var means: [Double] = []
        var earlier = index - 1
        while earlier >= 0, sessions[earlier].start >= from {
            if let mean = sessions[earlier].meanSystolic { means.append(mean) }
            earlier -= 1
        }
        means.sort()
        let needed = p.count(.sbpBaselineMinSessions)
        guard means.count >= needed, let median = median(means) else {
            evaluation.skip(.b3, "\(means.count) earlier sessions in \(NumberText.plain(days)) days, \(needed) needed")
            return
        }
        let drop = median - sbp
        let limit = p.value(.sbpBaselineDrop)
        evaluation.add(
            RuleResult(
                rule: .b3, colour: drop >= limit ? .yellow : .green,
                parameters: [
                    ParameterValue(name: .sbpBaselineDrop, value: limit),
                    ParameterValue(name: .sbpBaselineDays, value: days),
                    ParameterValue(name: .sbpBaselineMinSessions, value: Double(needed)),
                ],
                observed: "session-mean SBP \(NumberText.plain(sbp)) mmHg is \(NumberText.plain(drop)) mmHg below "
                    + "the median \(NumberText.plain(median)) of \(means.count) earlier sessions"),
            message: PatientMessage(.bloodPressureBelowUsual))
    }

    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// H1: session-mean pulse; with any reported symptom the yellow band becomes red.
    static func pulseRule(
        _ session: CuffSession, valid: [CuffPoint], context: Context, into evaluation: inout Evaluation
    ) {
        let p = context.parameters
        let pulses = valid.compactMap(\.value.pulse)
        guard let hr = session.meanPulse else {
            evaluation.skip(.h1, "the cuff reported no pulse rate")
            return
        }
        let symptomatic = !context.cuff.symptoms(session).isEmpty
        var colour: TriageColour = .green
        if hr < p.value(.hrLowRed) || hr >= p.value(.hrHighRed)
            || (symptomatic && (hr < p.value(.hrLowYellow) || hr > p.value(.hrHighYellow)))
        {
            colour = .red
        } else if hr < p.value(.hrLowYellow) || hr >= p.value(.hrHighYellow) {
            colour = .yellow
        }
        let (shown, pending) = confirmed(colour, session)
        let ranges = valid.map(\.value.status.pulseRateRange).filter { $0 != .within }
        evaluation.add(
            RuleResult(
                rule: .h1, colour: shown,
                parameters: [
                    p.used(.hrLowRed), p.used(.hrLowYellow), p.used(.hrHighYellow), p.used(.hrHighRed),
                    p.used(.bpSessionWindow),
                ],
                observed: sessionText("pulse", hr, pulses) + " bpm" + (symptomatic ? "; symptoms reported" : "")
                    + (ranges.isEmpty ? "" : "; cuff pulse-range flag \(ranges.map(\.rawValue).joined(separator: ","))")
                    + (pending ? "; red, awaiting a second reading" : ""),
                awaitingConfirmation: pending),
            message: PatientMessage(.pulseDeviating))
    }

    /// H2: irregular-pulse flag in enough of the most recent valid sessions; a single one is a neutral note.
    static func irregularRule(upTo index: Int, context: Context, into evaluation: inout Evaluation) {
        let p = context.parameters
        let window = p.count(.irregularWindowSessions)
        let needed = p.count(.irregularMinSessions)
        // The last `window` valid sessions up to this one, walked back from it.
        let sessions = context.cuff.sessions
        var recent = 0
        var flagged = 0
        var lastIrregular = false
        var earlier = index
        while earlier >= 0, recent < window {
            let session = sessions[earlier]
            earlier -= 1
            guard !session.failed else { continue }
            if recent == 0 { lastIrregular = session.irregular }
            recent += 1
            if session.irregular { flagged += 1 }
        }
        let colour: TriageColour = flagged >= needed ? .yellow : .green
        evaluation.add(
            RuleResult(
                rule: .h2, colour: colour,
                parameters: [
                    ParameterValue(name: .irregularMinSessions, value: Double(needed)),
                    ParameterValue(name: .irregularWindowSessions, value: Double(window)),
                ],
                observed: "irregular-pulse flag in \(flagged) of the last \(recent) sessions"),
            message: PatientMessage(.irregularPulseRepeated))
        if colour == .green, lastIrregular {
            evaluation.notes.append(PatientMessage(.irregularPulseNote))
        }
    }

    /// C1 on a cuff reading: this session plus a yellow W1–W3 on a morning weight within the window.
    static func combinationFromCuff(_ session: CuffSession, context: Context, into evaluation: inout Evaluation) {
        let p = context.parameters
        let used = combinationParameters(p)
        let time = context.reading.time
        let mornings = context.mornings
        let earliest = time.addingTimeInterval(-p.value(.combinationWindow) * 3600)
        guard let morning = mornings.byDay.values.filter({ $0.time <= time && $0.time >= earliest })
            .max(by: { $0.time < $1.time }),
            let sbp = session.meanSystolic
        else {
            evaluation.skip(.c1, "no morning weight within \(NumberText.plain(p.value(.combinationWindow))) h")
            return
        }
        var weight = Evaluation()
        gainRules(for: morning, mornings: mornings, parameters: p, into: &weight)
        let gains = weight.findings.filter { $0.result.colour >= .yellow }.map(\.result.rule)
        guard !gains.isEmpty else {
            evaluation.add(
                RuleResult(
                    rule: .c1, colour: .green, parameters: used,
                    observed: "no yellow weight rule on the morning weight of \(context.clock.stamp(morning.time))"))
            return
        }
        let (colour, observed) = combination(weightRules: gains, sbp: sbp, pulse: session.meanPulse, parameters: p)
        let (shown, pending) = confirmed(colour, session)
        evaluation.add(
            RuleResult(
                rule: .c1, colour: shown, parameters: used,
                observed: observed + (pending ? "; red, awaiting a second reading" : ""), awaitingConfirmation: pending))
    }

    static func combinationParameters(_ p: Parameters) -> [ParameterValue] {
        [p.used(.combinationSbpLow), p.used(.combinationHrHigh), p.used(.combinationWindow)]
    }

    /// The C1 decision shared by both directions.
    static func combination(
        weightRules: [RuleID], sbp: Double, pulse: Double?, parameters p: Parameters
    ) -> (TriageColour, String) {
        let lowSBP = sbp < p.value(.combinationSbpLow)
        let highHR = pulse.map { $0 >= p.value(.combinationHrHigh) } ?? false
        let text = "weight rule(s) \(weightRules.map(\.rawValue).joined(separator: ",")) yellow; "
            + "session-mean SBP \(NumberText.plain(sbp)) mmHg"
            + (pulse.map { ", pulse \(NumberText.plain($0)) bpm" } ?? "")
        return (lowSBP || highHR ? .red : .green, text)
    }

    static func failureFlags(_ status: CuffStatus) -> String {
        var flags: [String] = []
        if status.bodyMovement { flags.append("body movement") }
        if status.cuffTooLoose { flags.append("cuff too loose") }
        if status.improperPosition { flags.append("improper position") }
        return flags.joined(separator: ", ")
    }
}
