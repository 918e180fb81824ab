extension PhdMapping {
    /// The hub's assessment of a deviating reading, so the store shows staff deviations without
    /// re-running rules: colour (code), severity (red high, yellow moderate, grey low), the rules
    /// that fired (evidence), the rule-set version and every parameter with whether it was the
    /// patient's own threshold (CareHub extensions), the text (detail); author = the hub.
    static func detectedIssue(
        _ assessment: ReadingAssessment, context: ObservationContext, identifier: String, implicated: [Reference]
    ) -> DetectedIssue {
        var issue = DetectedIssue(status: "final")
        var ruleSet = Extension(url: CareHubURI.ruleSetExtension)
        ruleSet.valueString = assessment.ruleSetVersion
        issue.extension = [ruleSet] + assessment.parameters.map(parameterExtension)
        issue.identifier = [Identifier(system: CareHubURI.assessmentIdentifier, value: identifier)]
        let (display, severity) = switch assessment.colour {
        case .red: ("Red: contact the patient today", "high")
        case .yellow: ("Yellow: deviating value", "moderate")
        case .grey: ("Grey: measure again", "low")
        case .green: ("Green", "low")
        }
        issue.code = CodeableConcept(
            coding: [Coding(system: CareHubURI.triageColour, code: assessment.colour.rawValue, display: display)])
        issue.severity = severity
        issue.patient = context.patient
        issue.identifiedDateTime = assessment.assessedAt.dateTime
        issue.author = context.phg
        issue.implicated = implicated
        let evidence = assessment.ruleIDs.map { rule in
            DetectedIssue.Evidence(code: [CodeableConcept(coding: [Coding(system: CareHubURI.triageRule, code: rule)])])
        }
        issue.evidence = evidence.isEmpty ? nil : evidence
        issue.detail = assessment.text.isEmpty ? nil : assessment.text
        return issue
    }

    static func parameterExtension(_ parameter: ReadingAssessment.Parameter) -> Extension {
        var name = Extension(url: "name")
        name.valueCode = parameter.name
        var value = Extension(url: "value")
        value.valueDecimal = parameter.value
        var own = Extension(url: "patientSpecific")
        own.valueBoolean = parameter.patientSpecific
        var outer = Extension(url: CareHubURI.parameterExtension)
        outer.extension = [name, value, own]
        return outer
    }
}
