import Foundation
import GatewayStore
import Triage

/// Builds what the store keeps of a triage outcome.
enum AssessmentRecord {
    /// The store's assessment row for a triage assessment: texts in both languages, the rules that
    /// fired, every parameter used, and every observation and skipped rule (so staff see why).
    static func make(_ assessment: Assessment) -> NewAssessment {
        var parameters: [String: Double] = [:]
        for result in assessment.results {
            for used in result.parameters { parameters[used.name.rawValue] = used.value }
        }
        var params = JSONText()
        params.raw("{")
        for (index, (name, value)) in parameters.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { params.raw(",") }
            params.key(name)
            params.number(value)
        }
        params.raw("}")
        return NewAssessment(
            colour: colour(assessment.colour), ruleIDs: assessment.fired.map(\.rule.rawValue),
            parametersJSON: params.text, observationsJSON: observations(assessment),
            rulesetVersion: assessment.ruleSet,
            textSV: Texts.render(assessment.messages, in: .swedish),
            textEN: Texts.render(assessment.messages, in: .english),
            priority: priority(assessment.worklist),
            newAlert: assessment.alerts.contains { $0.status == .new })
    }

    /// The grey "measure again" row for a value that cannot be judged (an SFLOAT special, an
    /// unsuccessful weighing). Attributed to Q1 (invalid measurement → grey, CLINICAL.md §5 principle 1).
    static func invalid(reason: String) -> NewAssessment {
        var observations = JSONText()
        observations.raw("{\"results\":[{\"rule\":\"Q1\",\"colour\":\"grey\",\"observed\":")
        observations.string("not a valid value: \(reason)")
        observations.raw("}],\"skipped\":[]}")
        let message = [PatientMessage(.measureAgain)]
        return NewAssessment(
            colour: .grey, ruleIDs: ["Q1"], parametersJSON: "{}", observationsJSON: observations.text,
            rulesetVersion: Triage.ruleSet.id, textSV: Texts.render(message, in: .swedish),
            textEN: Texts.render(message, in: .english), priority: .none, newAlert: false)
    }

    static func observations(_ assessment: Assessment) -> String {
        var json = JSONText()
        json.raw("{\"results\":[")
        for (index, result) in assessment.results.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"rule\":")
            json.string(result.rule.rawValue)
            json.raw(",\"colour\":")
            json.string(result.colour.rawValue)
            json.raw(",\"observed\":")
            json.string(result.observed)
            if result.awaitingConfirmation { json.raw(",\"awaitingConfirmation\":true") }
            if result.repeated { json.raw(",\"repeated\":true") }
            json.raw("}")
        }
        json.raw("],\"skipped\":[")
        for (index, skipped) in assessment.skipped.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"rule\":")
            json.string(skipped.rule.rawValue)
            json.raw(",\"reason\":")
            json.string(skipped.reason)
            json.raw("}")
        }
        json.raw("]}")
        return json.text
    }

    static func colour(_ colour: TriageColour) -> AssessmentColour {
        switch colour {
        case .green: .green
        case .grey: .grey
        case .yellow: .yellow
        case .red: .red
        }
    }

    static func priority(_ priority: TriageWorklistPriority) -> StoreWorklistPriority {
        switch priority {
        case .none: .none
        case .normal: .normal
        case .high: .high
        }
    }
}
