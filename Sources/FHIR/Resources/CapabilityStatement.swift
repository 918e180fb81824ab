/// R4 CapabilityStatement: what a server supports (`GET [base]/metadata`), as far as CareHub's store
/// states it. https://hl7.org/fhir/R4/capabilitystatement.html
public struct CapabilityStatement: Codable, Hashable, Sendable {
    public var resourceType = "CapabilityStatement"
    /// draft | active | retired | unknown.
    public var status: String
    public var date: String
    /// instance | capability | requirements.
    public var kind: String
    public var software: Software?
    public var fhirVersion: String
    public var format: [String]
    public var rest: [Rest]

    public init(status: String, date: String, kind: String, software: Software?, fhirVersion: String, format: [String], rest: [Rest]) {
        self.status = status
        self.date = date
        self.kind = kind
        self.software = software
        self.fhirVersion = fhirVersion
        self.format = format
        self.rest = rest
    }

    public struct Software: Codable, Hashable, Sendable {
        public var name: String
        public var version: String?
        public init(name: String, version: String?) {
            self.name = name
            self.version = version
        }
    }

    /// CapabilityStatement.rest: one per mode (server).
    public struct Rest: Codable, Hashable, Sendable {
        public var mode: String
        public var resource: [RestResource]
        public var interaction: [Interaction]?
        public init(mode: String, resource: [RestResource], interaction: [Interaction]?) {
            self.mode = mode
            self.resource = resource
            self.interaction = interaction
        }
    }

    public struct RestResource: Codable, Hashable, Sendable {
        public var type: String
        public var interaction: [Interaction]
        public var conditionalCreate: Bool?
        public var conditionalUpdate: Bool?
        public var searchParam: [SearchParam]?
        public init(type: String, interaction: [Interaction], conditionalCreate: Bool? = nil, conditionalUpdate: Bool? = nil,
                    searchParam: [SearchParam]? = nil) {
            self.type = type
            self.interaction = interaction
            self.conditionalCreate = conditionalCreate
            self.conditionalUpdate = conditionalUpdate
            self.searchParam = searchParam
        }
    }

    /// A `code`: read, create, update, search-type, transaction, …
    public struct Interaction: Codable, Hashable, Sendable {
        public var code: String
        public init(code: String) { self.code = code }
    }

    public struct SearchParam: Codable, Hashable, Sendable {
        public var name: String
        /// number | date | string | token | reference | …
        public var type: String
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }
}
