/// R4 Basic: carries a patient's individual triage thresholds (store → hub), a resource FHIR has no
/// specific type for. https://hl7.org/fhir/R4/basic.html
public struct Basic: Codable, Hashable, Sendable {
    public var resourceType = "Basic"
    public var id: String?
    public var meta: Meta?
    public var `extension`: [Extension]?
    public var identifier: [Identifier]?
    public var code: CodeableConcept
    public var subject: Reference?
    /// R4 `date`: when the resource was made (here, the last change).
    public var created: String?
    public var author: Reference?

    /// A Basic of a code.
    public init(code: CodeableConcept) { self.code = code }
}
