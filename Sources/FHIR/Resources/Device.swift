/// R4 Device, as the PHD IG's PhdDevice and PhgDevice profiles use it.
/// https://hl7.org/fhir/R4/device.html
public struct Device: Codable, Hashable, Sendable {
    public var resourceType = "Device"
    public var id: String?
    public var meta: Meta?
    public var `extension`: [Extension]?
    public var identifier: [Identifier]?
    /// active | inactive | entered-in-error | unknown
    public var status: String?
    public var manufacturer: String?
    public var serialNumber: String?
    public var modelNumber: String?
    public var type: CodeableConcept?
    public var specialization: [Specialization]?
    public var version: [Version]?
    public var property: [Property]?
    /// The patient the device is assigned to (a PHD the hub's technician assigned).
    public var patient: Reference?

    /// An empty Device.
    public init() {}

    /// R4 Device.specialization.
    public struct Specialization: Codable, Hashable, Sendable {
        public var systemType: CodeableConcept
        public var version: String?
        public init(systemType: CodeableConcept, version: String? = nil) {
            self.systemType = systemType
            self.version = version
        }
    }

    /// R4 Device.version.
    public struct Version: Codable, Hashable, Sendable {
        public var type: CodeableConcept?
        public var value: String
        public init(type: CodeableConcept?, value: String) {
            self.type = type
            self.value = value
        }
    }

    /// R4 Device.property.
    public struct Property: Codable, Hashable, Sendable {
        public var type: CodeableConcept
        public var valueQuantity: [Quantity]?
        public var valueCode: [CodeableConcept]?
        public init(type: CodeableConcept) { self.type = type }
    }
}
