import FHIR
import Foundation
import HummingbirdCore
import MonitoringStore

/// A hub's search, checked: which patient, and what is asked. Anything not understood is a 400,
/// never silently ignored (a FHIR server that ignores a filter returns too much).
struct SearchQuery {
    enum Kind {
        case observations(from: Date?, to: Date?)
        case detectedIssues
        case messages(after: Date?)
        case thresholds
    }

    var patient: String
    var kind: Kind

    init(type: String, parameters: FlatDictionary<Substring, Substring>) throws(IngestError) {
        func one(_ name: String) throws(IngestError) -> String? {
            let values = parameters[values: Substring(name)]
            guard values.count <= 1 else { throw IngestError(status: 400, code: "invalid", "\(name) given more than once") }
            return values.first.map(String.init)
        }
        func patient(_ name: String) throws(IngestError) -> String {
            guard let value = try one(name), !value.isEmpty else { throw IngestError(status: 400, code: "required", "\(name) is required") }
            let id = value.hasPrefix("Patient/") ? String(value.dropFirst(8)) : value
            guard !id.isEmpty, !id.contains("/") else { throw IngestError(status: 400, code: "invalid", "\(name) must name a Patient") }
            return id
        }
        let known: Set<String>
        switch type {
        case "Observation":
            known = ["patient", "subject", "date", "_count"]
            self.patient = try patient(parameters[values: "patient"].isEmpty ? "subject" : "patient")
            var from: Date?
            var to: Date?
            for value in parameters[values: "date"] {
                let (prefix, date) = try Self.dateBound(String(value))
                switch prefix {
                case "ge", "gt": from = date
                case "le", "lt": to = date
                default: throw IngestError(status: 400, code: "invalid", "date prefix \(prefix) is not supported (ge, gt, le, lt)")
                }
            }
            kind = .observations(from: from, to: to)
        case "DetectedIssue":
            known = ["patient"]
            self.patient = try patient("patient")
            kind = .detectedIssues
        case "Communication":
            known = ["recipient", "category", "_lastUpdated"]
            self.patient = try patient("recipient")
            if let category = try one("category") {
                let code = category.split(separator: "|").last.map(String.init) ?? category
                guard category == "clinic-message" || category == "\(CareHubURI.communicationCategory)|clinic-message" || code == "clinic-message"
                else { throw IngestError(status: 400, code: "not-supported", "hubs read only clinic-message Communications") }
            }
            var after: Date?
            if let updated = try one("_lastUpdated") {
                let (prefix, date) = try Self.dateBound(updated)
                guard prefix == "gt" || prefix == "ge" else { throw IngestError(status: 400, code: "invalid", "_lastUpdated takes gt or ge") }
                after = prefix == "ge" ? date.addingTimeInterval(-0.001) : date
            }
            kind = .messages(after: after)
        case "Basic":
            known = ["subject", "code"]
            self.patient = try patient("subject")
            if let code = try one("code") {
                guard code.hasSuffix("patient-thresholds") else { throw IngestError(status: 400, code: "not-supported", "Basic is searched by code patient-thresholds only") }
            }
            kind = .thresholds
        default:
            throw IngestError(status: 404, code: "not-supported", "\(type) cannot be searched here")
        }
        for (name, _) in parameters where !known.contains(String(name)) {
            throw IngestError(status: 400, code: "not-supported", "search parameter \(name) is not supported on \(type)")
        }
    }

    /// `ge2026-12-01`, `gt2026-12-07T10:00:00Z` → prefix and instant (a plain date is its UTC midnight).
    static func dateBound(_ text: String) throws(IngestError) -> (String, Date) {
        let letters = text.prefix { $0.isLetter }
        let prefix = letters.isEmpty ? "eq" : String(letters)
        let rest = String(text.dropFirst(letters.count))
        if let date = FHIRInstant.date(rest) { return (prefix, date) }
        if rest.count == 10, let date = FHIRInstant.date(rest + "T00:00:00Z") { return (prefix, date) }
        throw IngestError(status: 400, code: "invalid", "\(text) is not a date")
    }
}
