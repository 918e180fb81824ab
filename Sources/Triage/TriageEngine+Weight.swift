import Foundation

extension TriageEngine {
    /// W1–W6, M1 (clearing) and C1 for a weight reading.
    static func assessWeight(kg: Double, context: Context) -> Evaluation {
        var evaluation = Evaluation()
        let parameters = context.parameters
        let clock = context.clock
        let mornings = context.mornings
        guard let current = mornings.points.first(where: { $0.id == context.reading.id }) else {
            evaluation.skip(.w6, "weight \(kg) kg is not a finite number")
            return evaluation
        }
        if checkPlausibility(current, mornings: mornings, context: context, into: &evaluation) == false {
            return evaluation
        }
        guard let morning = mornings.on(current.day), morning.id == current.id else {
            let from = parameters.value(.weightMorningFrom) * 60
            let to = parameters.value(.weightMorningTo) * 60
            let inWindow = current.minute >= from && current.minute < to
            let reason =
                inWindow
                ? "not the first morning weight of the day"
                : "outside the morning window \(NumberText.plain(from / 60))–\(NumberText.plain(to / 60)) h"
            for rule in [RuleID.w1, .w2, .w3, .w4, .w5, .c1] { evaluation.skip(rule, reason) }
            evaluation.notes.append(PatientMessage(inWindow ? .weightAlreadyToday : .weightNotMorning))
            return evaluation
        }
        evaluation.add(
            RuleResult(
                rule: .m1, colour: .green,
                parameters: [ParameterValue(name: .missingWeightDays, value: parameters.value(.missingWeightDays))],
                observed: "morning weight \(clock.stamp(morning.time))"))
        gainRules(for: morning, mornings: mornings, parameters: parameters, into: &evaluation)
        targetRule(for: morning, mornings: mornings, parameters: parameters, into: &evaluation)
        let session = latestSession(before: morning.time, context: context)
        lossRule(for: morning, mornings: mornings, session: session, context: context, into: &evaluation)
        combinationFromWeight(findings: evaluation.findings, session: session, context: context, into: &evaluation)
        return evaluation
    }

    /// W6. Returns false when the reading is implausible (grey) and nothing else should be evaluated.
    static func checkPlausibility(
        _ current: WeightPoint, mornings: MorningWeights, context: Context, into evaluation: inout Evaluation
    ) -> Bool {
        let parameters = context.parameters
        let used = [
            ParameterValue(name: .weightImplausibleJump, value: mornings.jumpKg),
            ParameterValue(name: .qualityFailedRepeat, value: parameters.value(.qualityFailedRepeat)),
        ]
        guard let reference = mornings.plausibilityReference(for: current) else {
            evaluation.skip(.w6, "no accepted morning weight in the last \(MorningWeights.lookbackDays) days")
            return true
        }
        let change = delta(current.kg, reference.kg)
        let comparison =
            "change \(NumberText.kg(change)) kg vs morning weight of \(context.clock.stamp(reference.time)): "
            + "\(NumberText.kg(reference.kg)) → \(NumberText.kg(current.kg))"
        guard abs(change) >= mornings.jumpKg else {
            evaluation.add(RuleResult(rule: .w6, colour: .green, parameters: used, observed: comparison))
            return true
        }
        var run = 0
        for point in mornings.points.reversed() where point.time <= current.time {
            guard mornings.isImplausible(point) else { break }
            run += 1
        }
        let repeated = run >= parameters.count(.qualityFailedRepeat)
        evaluation.add(
            RuleResult(
                rule: .w6, colour: .grey, parameters: used,
                observed: comparison + "; \(run) implausible weighing(s) in a row", repeated: repeated),
            message: PatientMessage(.weighAgain))
        for rule in [RuleID.w1, .w2, .w3, .w4, .w5, .c1] { evaluation.skip(rule, "implausible weight (W6)") }
        return false
    }

    /// W2, W1, W3: gains vs 1, 3 and 7 days earlier; red with congestion symptoms (W2 also on 2 days in a row).
    static func gainRules(
        for morning: WeightPoint, mornings: MorningWeights, parameters: Parameters, into evaluation: inout Evaluation
    ) {
        let congested = !morning.symptoms.isDisjoint(with: .congestion)
        let fallback = parameters.count(.weightReferenceFallback)
        let limit1 = parameters.value(.weightGain1d)
        if let yesterday = mornings.on(morning.day - 1) {
            let gain = delta(morning.kg, yesterday.kg)
            var colour: TriageColour = gain >= limit1 ? .yellow : .green
            var why = ""
            if colour == .yellow, congested {
                colour = .red
                why = "; with congestion symptoms"
            } else if colour == .yellow, let before = mornings.on(morning.day - 2),
                delta(yesterday.kg, before.kg) >= limit1
            {
                colour = .red
                why = "; also \(NumberText.kg(delta(yesterday.kg, before.kg))) kg the day before (2 days in a row)"
            }
            evaluation.add(
                RuleResult(
                    rule: .w2, colour: colour, parameters: [ParameterValue(name: .weightGain1d, value: limit1)],
                    observed: "gain \(NumberText.kg(gain)) kg over 1 day: "
                        + "\(NumberText.kg(yesterday.kg)) → \(NumberText.kg(morning.kg))" + why),
                message: PatientMessage(.weightGain1d, ["gain": gain]))
        } else {
            evaluation.skip(.w2, "no morning weight yesterday")
        }
        for (rule, days, key) in [(RuleID.w1, 3, ParameterKey.weightGain3d), (.w3, 7, .weightGain7d)] {
            let limit = parameters.value(key)
            guard let reference = mornings.reference(from: morning.day, daysBack: days, fallback: fallback) else {
                evaluation.skip(rule, "no morning weight \(days)–\(days + fallback) days earlier")
                continue
            }
            let gain = delta(morning.kg, reference.kg)
            let span = morning.day - reference.day
            let colour: TriageColour = gain >= limit ? (congested ? .red : .yellow) : .green
            evaluation.add(
                RuleResult(
                    rule: rule, colour: colour,
                    parameters: [
                        ParameterValue(name: key.name, value: limit),
                        ParameterValue(name: .weightReferenceFallback, value: Double(fallback)),
                    ],
                    observed: "gain \(NumberText.kg(gain)) kg over \(span) days: "
                        + "\(NumberText.kg(reference.kg)) → \(NumberText.kg(morning.kg))"
                        + (colour == .red ? "; with congestion symptoms" : "")),
                message: PatientMessage(.weightGain, ["gain": gain, "days": Double(span)]))
        }
    }

    /// W4: above target + margin on 2 consecutive mornings (skipped while no target is set).
    static func targetRule(
        for morning: WeightPoint, mornings: MorningWeights, parameters: Parameters, into evaluation: inout Evaluation
    ) {
        guard let target = parameters[.weightTarget] else {
            evaluation.skip(.w4, "no target weight set")
            return
        }
        let margin = parameters.value(.weightAboveTarget)
        let fallback = parameters.count(.weightReferenceFallback)
        let used = [
            ParameterValue(name: .weightTarget, value: target),
            ParameterValue(name: .weightAboveTarget, value: margin),
            ParameterValue(name: .weightReferenceFallback, value: Double(fallback)),
        ]
        let over = delta(morning.kg, target)
        var observed = "\(NumberText.kg(morning.kg)) kg is \(NumberText.kg(over)) kg vs target \(NumberText.kg(target))"
        var colour = TriageColour.green
        if over > margin {
            if let previous = mornings.reference(from: morning.day, daysBack: 1, fallback: fallback),
                delta(previous.kg, target) > margin
            {
                colour = .yellow
                observed += "; previous morning \(NumberText.kg(previous.kg)) kg also above"
            } else {
                observed += "; first morning above target + margin"
            }
        }
        evaluation.add(
            RuleResult(rule: .w4, colour: colour, parameters: used, observed: observed),
            message: PatientMessage(.weightAboveTarget, ["over": over]))
    }

    /// W5: loss over 3 days; red together with a low systolic session mean.
    static func lossRule(
        for morning: WeightPoint, mornings: MorningWeights, session: CuffSession?, context: Context,
        into evaluation: inout Evaluation
    ) {
        let parameters = context.parameters
        let fallback = parameters.count(.weightReferenceFallback)
        let limit = parameters.value(.weightLoss3d)
        let low = parameters.value(.sbpLowYellow)
        guard let reference = mornings.reference(from: morning.day, daysBack: 3, fallback: fallback) else {
            evaluation.skip(.w5, "no morning weight 3–\(3 + fallback) days earlier")
            return
        }
        let loss = delta(reference.kg, morning.kg)
        let span = morning.day - reference.day
        var colour: TriageColour = loss >= limit ? .yellow : .green
        var observed = "loss \(NumberText.kg(loss)) kg over \(span) days: "
            + "\(NumberText.kg(reference.kg)) → \(NumberText.kg(morning.kg))"
        if colour == .yellow, let sbp = session?.meanSystolic, sbp < low {
            colour = .red
            observed += "; session-mean SBP \(NumberText.plain(sbp)) mmHg"
        }
        evaluation.add(
            RuleResult(
                rule: .w5, colour: colour,
                parameters: [
                    ParameterValue(name: .weightLoss3d, value: limit), ParameterValue(name: .sbpLowYellow, value: low),
                    ParameterValue(name: .combinationWindow, value: parameters.value(.combinationWindow)),
                    ParameterValue(name: .weightReferenceFallback, value: Double(fallback)),
                ],
                observed: observed),
            message: PatientMessage(.weightLoss, ["loss": loss, "days": Double(span)]))
    }

    /// C1 on a weight reading: a yellow W1–W3 plus the latest BP session within the window.
    static func combinationFromWeight(
        findings: [Finding], session: CuffSession?, context: Context, into evaluation: inout Evaluation
    ) {
        let gains = findings.filter { [.w1, .w2, .w3].contains($0.result.rule) && $0.result.colour >= .yellow }
        let used = combinationParameters(context.parameters)
        guard !gains.isEmpty else {
            evaluation.add(RuleResult(rule: .c1, colour: .green, parameters: used, observed: "no yellow weight rule"))
            return
        }
        guard let session, let sbp = session.meanSystolic else {
            evaluation.skip(.c1, "no BP session within \(NumberText.plain(context.parameters.value(.combinationWindow))) h")
            return
        }
        let (colour, observed) = combination(
            weightRules: gains.map(\.result.rule), sbp: sbp, pulse: session.meanPulse, parameters: context.parameters)
        evaluation.add(RuleResult(rule: .c1, colour: colour, parameters: used, observed: observed))
    }

    /// The latest session with a valid reading that started within the combination window before `time`.
    static func latestSession(before time: Date, context: Context) -> CuffSession? {
        let earliest = time.addingTimeInterval(-context.parameters.value(.combinationWindow) * 3600)
        return context.sessions.last { !$0.failed && $0.start <= time && $0.start >= earliest }
    }
}
