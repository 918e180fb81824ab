/// R4 Observation, with the elements the PHD IG profiles use.
/// https://hl7.org/fhir/R4/observation.html
public struct Observation: Codable, Hashable, Sendable {
    public var resourceType = "Observation"
    public var id: String?
    public var meta: Meta?
    public var `extension`: [Extension]?
    public var identifier: [Identifier]?
    /// registered | preliminary | final | amended | corrected | cancelled | entered-in-error | unknown.
    public var status: String
    public var category: [CodeableConcept]?
    public var code: CodeableConcept
    public var subject: Reference?
    public var effectiveDateTime: String?
    public var effectivePeriod: Period?
    /// An instant: when this version was made available (CareHub: the upload time).
    public var issued: String?
    public var performer: [Reference]?
    public var valueQuantity: Quantity?
    public var valueDateTime: String?
    public var valueBoolean: Bool?
    public var valueCodeableConcept: CodeableConcept?
    public var dataAbsentReason: CodeableConcept?
    public var interpretation: [CodeableConcept]?
    public var device: Reference?
    public var hasMember: [Reference]?
    public var derivedFrom: [Reference]?
    public var component: [Component]?

    /// An Observation with its two required elements.
    public init(status: String, code: CodeableConcept) {
        self.status = status
        self.code = code
    }

    /// R4 Observation.component.
    public struct Component: Codable, Hashable, Sendable {
        public var code: CodeableConcept
        public var valueQuantity: Quantity?
        public var valueBoolean: Bool?
        public var valueCodeableConcept: CodeableConcept?
        public var dataAbsentReason: CodeableConcept?
        public init(code: CodeableConcept) { self.code = code }
    }
}
