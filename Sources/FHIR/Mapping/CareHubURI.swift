/// The URIs CareHub owns in the FHIR it sends. Stable forever: identifier systems are part of the
/// conditional-create key (a new system would duplicate every resource already uploaded), and
/// the store and staff tools look codes up by these systems. Base `https://carehub.org/fhir`, the
/// domain of the project's D-Bus names (`org.carehub.*`); see docs/FHIR.md.
public enum CareHubURI {
    /// The base of every CareHub-owned URI.
    public static let base = "https://carehub.org/fhir"
    /// `DetectedIssue.identifier.system`: value = the reading's main PHD observation identifier.
    public static let assessmentIdentifier = base + "/sid/triage-assessment"
    /// `Observation.identifier.system` of a coincident timestamp: value = device hex, 67975, hub time.
    public static let coincidentTimeStampIdentifier = base + "/sid/coincident-timestamp"
    /// CodeSystem of the triage colours: green | yellow | red | grey.
    public static let triageColour = base + "/CodeSystem/triage-colour"
    /// CodeSystem of the triage rule ids (CLINICAL.md §5b: W1, B1, H2, Q1, …).
    public static let triageRule = base + "/CodeSystem/triage-rule"
    /// Extension (valueString): the rule-set version, e.g. `hf-default-2025.1`.
    public static let ruleSetExtension = base + "/StructureDefinition/triage-ruleset"
    /// Complex extension, one per parameter used: `name` (valueCode), `value` (valueDecimal),
    /// `patientSpecific` (valueBoolean: the patient's own threshold, not the default).
    public static let parameterExtension = base + "/StructureDefinition/triage-parameter"

    // The clinic's exchange with hubs (docs/STORE-API.md, `ClinicExchange`).

    /// CodeSystem of `Communication.category`: `clinic-message` (store → hub), `contact-request` (hub → store).
    public static let communicationCategory = base + "/CodeSystem/communication-category"
    /// Extension on a clinic message (valueCode): `patient` | `group` | `all`, whom it was written to.
    public static let messageScopeExtension = base + "/StructureDefinition/message-scope"
    /// `Communication.identifier.system` of a patient's contact request: value = `<hub>-<patient>-<ms since 1970>`.
    public static let contactRequestIdentifier = base + "/sid/contact-request"
    /// CodeSystem of CareHub's `Basic` resources: `patient-thresholds`.
    public static let basicCode = base + "/CodeSystem/basic-code"
    /// `Basic.identifier.system` of a patient's thresholds: value = the patient's logical id.
    public static let thresholdsIdentifier = base + "/sid/patient-thresholds"
    /// Complex extension, one per individual threshold: `name` (valueCode, a triage parameter such as
    /// `weight.gain_3d_kg`), `value` (valueDecimal), `changedBy` (valueString), `changedAt`
    /// (valueDateTime), `reason` (valueString).
    public static let patientThresholdExtension = base + "/StructureDefinition/patient-threshold"
    /// Complex extension on the hub's PHG Device in a heartbeat: `sentAt` (valueDateTime),
    /// `softwareVersion` (valueString), `backlog` (valueInteger), `lastReadingAt` (valueDateTime).
    public static let hubHeartbeatExtension = base + "/StructureDefinition/hub-heartbeat"
    /// Complex extension on a PHD Device in a heartbeat: `lastContact` (valueDateTime),
    /// `batteryLevel` (valueInteger, percent), `clockOffsetSeconds` (valueDecimal, device − hub).
    public static let deviceStatusExtension = base + "/StructureDefinition/device-status"
}

/// URIs defined by HL7, the PHD IG and terminologies.
enum FHIRURI {
    static let mdc = "urn:iso:std:iso:11073:10101"
    static let loinc = "http://loinc.org"
    static let ucum = "http://unitsofmeasure.org"
    static let observationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"
    static let phdCategory = "http://hl7.org/fhir/uv/phd/CodeSystem/PhdObservationCategories"
    static let asn1ToHL7 = "http://terminology.hl7.org/CodeSystem/ASN1ToHL7"
    static let dataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
    static let continuaDeviceIdentifiers = "http://terminology.hl7.org/CodeSystem/ContinuaDeviceIdentifiers"
    static let sysidSystem = "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680"
    static let btmacSystem = "http://hl7.org/fhir/sid/eui-48/bluetooth"
    static let gatewayDeviceExtension = "http://hl7.org/fhir/StructureDefinition/observation-gatewayDevice"
    static let coincidentTimeStampExtension = "http://hl7.org/fhir/uv/phd/StructureDefinition/CoincidentTimeStampReference"

    static func phdProfile(_ name: String) -> String { "http://hl7.org/fhir/uv/phd/StructureDefinition/\(name)" }
    static func vitalSignsProfile(_ name: String) -> String { "http://hl7.org/fhir/StructureDefinition/\(name)" }
}
