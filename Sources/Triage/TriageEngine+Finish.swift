import Foundation

extension TriageEngine {
    /// Turns rule results into the assessment: colour, worklist priority, alert changes, patient text.
    static func finish(
        _ evaluation: Evaluation, readingID: String?, time: Date, parameters: Parameters,
        alertState: AlertState, language: Language
    ) -> TriageOutcome {
        let results = evaluation.findings.map(\.result)
        let colour = results.map(\.colour).max() ?? .green
        var state = alertState
        var alerts: [AlertChange] = []
        var cleared: [Signal] = []
        for result in results {
            if let change = updateAlert(for: result, time: time, state: &state) {
                alerts.append(change)
            } else if result.colour == .green, state.active.removeValue(forKey: result.signal) != nil {
                cleared.append(result.signal)
            }
        }
        let assessment = Assessment(
            readingID: readingID, time: time, colour: colour, ruleSet: ruleSet.id, results: results,
            skipped: evaluation.skipped, worklist: worklistPriority(results), alerts: alerts, cleared: cleared,
            messages: [], language: language, text: "")
        var composed = assessment
        composed.messages = messages(for: evaluation, colour: colour, parameters: parameters)
        composed.text = Texts.render(composed.messages, in: language)
        return TriageOutcome(assessment: composed, alertState: state)
    }

    /// Whether a result alerts staff at all: yellow or red, or grey that repeats (Q1, W6).
    static func alerts(_ result: RuleResult) -> Bool {
        result.colour >= .yellow || (result.colour == .grey && result.repeated)
    }

    /// CLINICAL.md §5c: one alert per signal until it clears (green) or the clinic acknowledges it.
    /// An escalation (e.g. yellow → red) is a new alert; a de-escalation continues the existing one.
    static func updateAlert(for result: RuleResult, time: Date, state: inout AlertState) -> AlertChange? {
        guard alerts(result) else { return nil }
        let signal = result.signal
        if let active = state.active[signal], !active.acknowledged, active.colour >= result.colour {
            return AlertChange(signal: signal, rule: result.rule, colour: result.colour, status: .continuing)
        }
        state.active[signal] = ActiveAlert(colour: result.colour, since: time, rule: result.rule)
        return AlertChange(signal: signal, rule: result.rule, colour: result.colour, status: .new)
    }

    static func worklistPriority(_ results: [RuleResult]) -> WorklistPriority {
        results.reduce(WorklistPriority.none) { priority, result in
            switch result.colour {
            case .red: max(priority, .high)
            case .yellow: max(priority, .normal)
            case .grey: result.repeated ? max(priority, .normal) : priority
            case .green: priority
            }
        }
    }

    /// The patient messages for the assessment's colour, in display order, without duplicates.
    static func messages(for evaluation: Evaluation, colour: TriageColour, parameters: Parameters) -> [PatientMessage] {
        let fired = evaluation.findings.filter { $0.result.colour == colour }
        var list: [PatientMessage] = []
        switch colour {
        case .green:
            if evaluation.silentWhenGreen {
                list = []  // a missing-data check that found nothing missing: nothing to show
            } else if evaluation.notes.contains(where: { [.weightNotMorning, .weightAlreadyToday].contains($0.id) }) {
                list = evaluation.notes
            } else {
                list = [PatientMessage(.green)] + evaluation.notes
            }
        case .grey:
            list = fired.compactMap(\.message)
        case .yellow:
            let pending = fired.filter(\.result.awaitingConfirmation)
            if !pending.isEmpty {
                list = [PatientMessage(.confirmRest)]
            } else {
                list = fired.compactMap(\.message)
                if fired.contains(where: { [.w1, .w2, .w3, .w4].contains($0.result.rule) }) {
                    let diuretic = parameters.value(.planFlexibleDiuretics) >= 1
                    list.append(PatientMessage(diuretic ? .selfCarePlanDiuretic : .selfCarePlan))
                }
                if fired.contains(where: { $0.result.rule != .m1 }) { list.append(PatientMessage(.clinicInformed)) }
            }
        case .red:
            list = fired.compactMap(\.message) + [PatientMessage(.red)]
        }
        var seen: Set<PatientMessage> = []
        return list.filter { seen.insert($0).inserted }
    }
}
