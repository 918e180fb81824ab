import Foundation
import Triage

/// The worklist: deviating readings only, most severe and oldest first, and the patients' "please
/// call me" requests.
public struct WorklistPage: Sendable {
    /// Open items, sorted red → yellow → grey, oldest first within a colour.
    public private(set) var items: [WorklistItem]
    /// Open contact requests, oldest first.
    public private(set) var contactRequests: [ContactRequestItem]

    public init(items: [WorklistItem], contactRequests: [ContactRequestItem]) {
        self.items = items.sorted { a, b in
            a.colour != b.colour ? a.colour > b.colour : (a.measuredAt, a.id) < (b.measuredAt, b.id)
        }
        self.contactRequests = contactRequests.sorted { ($0.requestedAt, $0.id) < ($1.requestedAt, $1.id) }
    }
}

/// A measured value as the worklist and the patient page show it.
public enum MeasuredValue: Sendable, Hashable {
    case weight(kg: Double)
    case bloodPressure(systolic: Double, diastolic: Double, pulse: Double?)
    case pulse(bpm: Double)
    /// No value: the item is about a missing measurement (M1, no morning weight).
    case missing
}

/// The threshold a rule compared against, with where it came from.
public struct ThresholdValue: Sendable, Hashable {
    public var name: ParameterName
    public var value: Double
    /// True when staff set it for this patient; false for the rule set's default.
    public var isIndividual: Bool

    public init(name: ParameterName, value: Double, isIndividual: Bool) {
        self.name = name
        self.value = value
        self.isIndividual = isIndividual
    }
}

/// One deviating reading on the worklist.
public struct WorklistItem: Sendable, Hashable {
    /// Opaque id the acknowledge form posts back (the store's DetectedIssue id, say).
    public var id: String
    public var colour: DeviationColour
    public var patient: PatientRef
    public var value: MeasuredValue
    public var measuredAt: Date
    /// The rule that fired (nil when the hub named none this rule set knows: the reason still
    /// says what happened, and the item is never dropped), and its reason as the store recorded it.
    public var rule: RuleID?
    public var reason: String
    /// The patient's threshold the rule used.
    public var threshold: ThresholdValue?
    /// For grey: how many failed measurements in a row.
    public var repeatCount: Int?

    public init(
        id: String, colour: DeviationColour, patient: PatientRef, value: MeasuredValue, measuredAt: Date,
        rule: RuleID?, reason: String, threshold: ThresholdValue? = nil, repeatCount: Int? = nil
    ) {
        self.id = id
        self.colour = colour
        self.patient = patient
        self.value = value
        self.measuredAt = measuredAt
        self.rule = rule
        self.reason = reason
        self.threshold = threshold
        self.repeatCount = repeatCount
    }

    /// An item from a triage colour: nil for green, which never reaches the worklist.
    public init?(
        id: String, triageColour: TriageColour, patient: PatientRef, value: MeasuredValue, measuredAt: Date,
        rule: RuleID?, reason: String, threshold: ThresholdValue? = nil, repeatCount: Int? = nil
    ) {
        guard let colour = DeviationColour(triageColour) else { return nil }
        self.init(
            id: id, colour: colour, patient: patient, value: value, measuredAt: measuredAt, rule: rule,
            reason: reason, threshold: threshold, repeatCount: repeatCount)
    }
}

/// A patient's "please call me" request from the hub's display page.
public struct ContactRequestItem: Sendable, Hashable {
    /// Opaque id the acknowledge form posts back.
    public var id: String
    public var patient: PatientRef
    public var requestedAt: Date

    public init(id: String, patient: PatientRef, requestedAt: Date) {
        self.id = id
        self.patient = patient
        self.requestedAt = requestedAt
    }
}
