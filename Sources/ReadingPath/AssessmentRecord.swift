import Foundation
import GatewayStore
import Triage

/// Builds what the store keeps of a triage outcome.
enum AssessmentRecord {
    /// The store's assessment row for a triage assessment: texts in both languages, the rules that
    /// fired, every parameter used, and every observation and skipped rule (so staff see why).
    static func make(_ assessment: Assessment) -> NewAssessment {
        var cache = ParametersJSONCache()
        return make(assessment, parametersCache: &cache)
    }

    /// `make(_:)` reusing the parameters JSON of the patient's previous assessment when the rules
    /// used the same parameter values (the usual case: same kind of reading, same overrides).
    static func make(_ assessment: Assessment, parametersCache cache: inout ParametersJSONCache) -> NewAssessment {
        // Triage rendered the text in the assessment's language already; render only the other one.
        let swedish = assessment.language == .swedish ? assessment.text : Texts.render(assessment.messages, in: .swedish)
        let english = assessment.language == .english ? assessment.text : Texts.render(assessment.messages, in: .english)
        return NewAssessment(
            colour: colour(assessment.colour), ruleIDs: assessment.fired.map(\.rule.rawValue),
            parametersJSON: parameters(assessment, cache: &cache), observationsJSON: observations(assessment),
            rulesetVersion: assessment.ruleSet, textSV: swedish, textEN: english,
            priority: priority(assessment.worklist),
            newAlert: assessment.alerts.contains { $0.status == .new })
    }

    /// Every parameter the rules used, by name; a name used twice keeps its last value.
    static func parameters(_ assessment: Assessment, cache: inout ParametersJSONCache) -> String {
        var used: [ParameterValue] = []
        used.reserveCapacity(assessment.results.reduce(0) { $0 + $1.parameters.count })
        for result in assessment.results { used.append(contentsOf: result.parameters) }
        // The JSON is a function of this list alone.
        if used == cache.used { return cache.json }
        // Stable by name, so the last of equal names is the one a dictionary filled in order keeps.
        let order = used.indices.sorted { a, b in
            let (left, right) = (used[a].name.rawValue, used[b].name.rawValue)
            return left != right ? left < right : a < b
        }
        var json = JSONText(capacity: 40 * order.count + 2)
        json.raw("{")
        var first = true
        for (position, index) in order.enumerated() {
            let next = position + 1
            if next < order.count, used[order[next]].name == used[index].name { continue }
            if !first { json.raw(",") }
            first = false
            json.key(used[index].name.rawValue)
            json.number(used[index].value)
        }
        json.raw("}")
        cache = ParametersJSONCache(used: used, json: json.text)
        return json.text
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
            rulesetVersion: TriageEngine.ruleSet.id, textSV: Texts.render(message, in: .swedish),
            textEN: Texts.render(message, in: .english), priority: .none, newAlert: false)
    }

    static func observations(_ assessment: Assessment) -> String {
        var json = JSONText(capacity: 64 + assessment.results.reduce(0) { $0 + $1.observed.utf8.count + 64 }
            + assessment.skipped.reduce(0) { $0 + $1.reason.utf8.count + 32 })
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

    static func priority(_ priority: Triage.WorklistPriority) -> GatewayStore.WorklistPriority {
        switch priority {
        case .none: .none
        case .normal: .normal
        case .high: .high
        }
    }
}

/// The parameters JSON of a patient's last assessment and the values it was built from.
struct ParametersJSONCache {
    var used: [ParameterValue] = []
    var json = "{}"
}
