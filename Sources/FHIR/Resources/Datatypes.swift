// FHIR R4 general-purpose datatypes, limited to the elements CareHub writes or reads.
// https://hl7.org/fhir/R4/datatypes.html

/// R4 Coding.
public struct Coding: Codable, Hashable, Sendable {
    public var system: String?
    public var version: String?
    public var code: String?
    public var display: String?
    public init(system: String?, code: String?, display: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
    }
}

/// R4 CodeableConcept.
public struct CodeableConcept: Codable, Hashable, Sendable {
    public var coding: [Coding]?
    public var text: String?
    public init(coding: [Coding]?, text: String? = nil) {
        self.coding = coding
        self.text = text
    }
}

/// R4 Identifier.
public struct Identifier: Codable, Hashable, Sendable {
    public var use: String?
    public var type: CodeableConcept?
    public var system: String?
    public var value: String?
    public init(type: CodeableConcept? = nil, system: String?, value: String?) {
        self.type = type
        self.system = system
        self.value = value
    }
}

/// R4 Quantity (UCUM when `system` is http://unitsofmeasure.org).
public struct Quantity: Codable, Hashable, Sendable {
    public var value: FHIRDecimal?
    public var comparator: String?
    public var unit: String?
    public var system: String?
    public var code: String?
    public init(value: FHIRDecimal?, unit: String?, system: String?, code: String?) {
        self.value = value
        self.unit = unit
        self.system = system
        self.code = code
    }
}

/// R4 Reference.
public struct Reference: Codable, Hashable, Sendable {
    public var reference: String?
    public var type: String?
    public var identifier: Identifier?
    public var display: String?
    public init(reference: String?, identifier: Identifier? = nil, display: String? = nil) {
        self.reference = reference
        self.identifier = identifier
        self.display = display
    }
}

/// R4 Period.
public struct Period: Codable, Hashable, Sendable {
    public var start: String?
    public var end: String?
    public init(start: String?, end: String?) {
        self.start = start
        self.end = end
    }
}

/// R4 Meta.
public struct Meta: Codable, Hashable, Sendable {
    public var versionId: String?
    public var lastUpdated: String?
    public var profile: [String]?
    public var security: [Coding]?
    public init(profile: [String]?) { self.profile = profile }
}

/// R4 Extension with the value types CareHub uses.
public struct Extension: Codable, Hashable, Sendable {
    public var url: String
    public var `extension`: [Extension]?
    public var valueReference: Reference?
    public var valueString: String?
    public var valueCode: String?
    public var valueBoolean: Bool?
    public var valueInteger: Int?
    public var valueDecimal: FHIRDecimal?
    public var valueCoding: Coding?
    public var valueDateTime: String?
    public init(url: String) { self.url = url }
}
