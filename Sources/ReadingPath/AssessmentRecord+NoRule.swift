import Foundation
import GatewayStore
import Triage

extension AssessmentRecord {
    /// The kinds no rule of the rule set judges (Triage's `NoRule.kinds`, docs/TRIAGE.md).
    static let unjudgedKinds: Set<GatewayStore.ReadingKind> = [.bodyComposition, .temperature, .spo2, .glucose]

    /// "Stored, no rule applies": green (no worklist item) with rule id `info.no-rule`, so staff see
    /// that nothing judged the value, and the patient is told it was saved and is not assessed here.
    static func noRule(kind: GatewayStore.ReadingKind) -> NewAssessment {
        var observations = JSONText()
        observations.raw("{\"results\":[{\"rule\":")
        observations.string(NoRule.ruleID)
        observations.raw(",\"colour\":\"green\",\"observed\":")
        observations.string("no rule of \(TriageEngine.ruleSet.id) judges \(kind); stored and forwarded, not assessed")
        observations.raw("}],\"skipped\":[]}")
        return NewAssessment(
            colour: .green, ruleIDs: [NoRule.ruleID], parametersJSON: "{}", observationsJSON: observations.text,
            rulesetVersion: TriageEngine.ruleSet.id, textSV: Texts.render(NoRule.messages, in: .swedish),
            textEN: Texts.render(NoRule.messages, in: .english), priority: .none, newAlert: false)
    }
}
