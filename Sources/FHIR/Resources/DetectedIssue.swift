/// R4 DetectedIssue: where CareHub puts the hub's triage of a deviating reading.
/// https://hl7.org/fhir/R4/detectedissue.html
public struct DetectedIssue: Codable, Hashable, Sendable {
    public var resourceType = "DetectedIssue"
    public var id: String?
    public var meta: Meta?
    public var `extension`: [Extension]?
    public var identifier: [Identifier]?
    /// registered | preliminary | final | amended | …
    public var status: String
    public var code: CodeableConcept?
    /// high | moderate | low.
    public var severity: String?
    public var patient: Reference?
    public var identifiedDateTime: String?
    public var author: Reference?
    public var implicated: [Reference]?
    public var evidence: [Evidence]?
    public var detail: String?
    public var reference: String?

    /// A DetectedIssue with its required status.
    public init(status: String) { self.status = status }

    /// R4 DetectedIssue.evidence.
    public struct Evidence: Codable, Hashable, Sendable {
        public var code: [CodeableConcept]?
        public var detail: [Reference]?
        public init(code: [CodeableConcept]?, detail: [Reference]? = nil) {
            self.code = code
            self.detail = detail
        }
    }
}
