/// R4 Communication: a clinic's message to patients (store → hub) and a patient's contact request
/// (hub → store). https://hl7.org/fhir/R4/communication.html
public struct Communication: Codable, Hashable, Sendable {
    public var resourceType = "Communication"
    public var id: String?
    public var meta: Meta?
    public var `extension`: [Extension]?
    public var identifier: [Identifier]?
    /// preparation | in-progress | not-done | on-hold | stopped | completed | entered-in-error | unknown
    public var status: String
    public var category: [CodeableConcept]?
    /// routine | urgent | asap | stat
    public var priority: String?
    public var subject: Reference?
    public var sent: String?
    public var received: String?
    public var recipient: [Reference]?
    public var sender: Reference?
    public var payload: [Payload]?

    /// A Communication with its required status.
    public init(status: String) { self.status = status }

    /// R4 Communication.payload (CareHub sends text only).
    public struct Payload: Codable, Hashable, Sendable {
        public var contentString: String?
        public init(contentString: String?) { self.contentString = contentString }
    }
}
