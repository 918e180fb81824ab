import FHIR
import Foundation

/// A worklist row made from what a hub sent: a DetectedIssue of a deviating reading (the hub already
/// assessed it; the store shows its rules, text and parameters without re-running them) or a
/// contact request.
struct WorklistEntry: Sendable {
    var patient: String
    var kind: WorklistKind
    var colour: String
    /// Sort order: 0 red, 1 yellow and contact requests, 2 grey.
    var rank: Int
    var occurredMS: Int64
    var resource: String
    var rules: [String]
    var detail: String
    var parameters: [String]
    var observed: [String]
    /// The implicated reading's value, typed (nil for a contact request or a missing measurement).
    var value: ObservedValue?

    /// nil for a green issue, or one that names no patient or colour.
    init?(issue: DetectedIssue, id: String, resolve: (String) -> Resource?) {
        guard let patientRef = issue.patient?.reference, patientRef.hasPrefix("Patient/"),
              let colour = issue.code?.coding?.first(where: { $0.system == CareHubURI.triageColour })?.code
        else { return nil }
        switch colour {
        case "red": rank = 0
        case "yellow": rank = 1
        case "grey": rank = 2
        default: return nil
        }
        self.colour = colour
        patient = String(patientRef.dropFirst(8))
        kind = .reading
        // When it was measured, which staff sort and read by: the implicated readings' effective time
        // (a cuff's memory can reach the hub hours later). The issue's own `identified` is when the
        // hub assessed it; it stands in only when no reading of the transaction gives a time.
        let measured = (issue.implicated ?? []).compactMap(\.reference).compactMap { reference -> Date? in
            guard case .observation(let observation)? = resolve(reference) else { return nil }
            return observation.effectiveDateTime.flatMap(FHIRInstant.date)
        }.min()
        occurredMS = (measured ?? issue.identifiedDateTime.flatMap(FHIRInstant.date) ?? Date()).milliseconds
        resource = "DetectedIssue/\(id)"
        rules = (issue.evidence ?? []).flatMap { $0.code ?? [] }.flatMap { $0.coding ?? [] }
            .filter { $0.system == CareHubURI.triageRule }.compactMap(\.code)
        detail = issue.detail ?? ""
        parameters = (issue.extension ?? []).filter { $0.url == CareHubURI.parameterExtension }.compactMap { outer in
            func part(_ url: String) -> Extension? { outer.extension?.first { $0.url == url } }
            guard let name = part("name")?.valueCode, let value = part("value")?.valueDecimal else { return nil }
            return "\(name)=\(value.text)" + (part("patientSpecific")?.valueBoolean == true ? " *" : "")
        }
        let implicated = (issue.implicated ?? []).compactMap(\.reference).compactMap { reference -> Observation? in
            guard case .observation(let observation)? = resolve(reference) else { return nil }
            return observation
        }
        observed = implicated.compactMap(ObservationText.summary)
        value = ObservedValue(implicated: implicated)
    }

    init(contact: ContactRequest, id: String) {
        patient = contact.patientID
        kind = .contactRequest
        colour = "contact"
        rank = 1
        occurredMS = contact.requestedAt.milliseconds
        resource = "Communication/\(id)"
        rules = []
        detail = contact.text
        parameters = []
        observed = []
        value = nil
    }
}

/// How staff read a value Observation in one line: `Body weight 84.6 kg`, `Blood pressure 150/95 mm[Hg]`.
enum ObservationText {
    static func name(_ observation: Observation) -> String {
        observation.code.text ?? observation.code.coding?.first(where: { $0.display != nil })?.display
            ?? observation.code.coding?.first?.code ?? "value"
    }

    static func summary(_ observation: Observation) -> String? {
        if let quantity = observation.valueQuantity, let value = quantity.value {
            return "\(name(observation)) \(value.text) \(quantity.unit ?? quantity.code ?? "")".trimmingCharacters(in: .whitespaces)
        }
        let parts = (observation.component ?? []).compactMap { $0.valueQuantity }
        if !parts.isEmpty {
            let values = parts.compactMap { $0.value?.text }.joined(separator: "/")
            return "\(name(observation)) \(values) \(parts.first?.unit ?? parts.first?.code ?? "")".trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
