import Foundation
import HealthProfiles

/// One stored reading, everything the PHD mapping needs: what the hub kept at commit (and keeps in
/// the outbox), never anything read at send time. The upload time is not here: it belongs to the
/// bundle (``TransactionBundle``), so a retry maps the reading to the same entries.
public struct ReadingInput: Hashable, Sendable {
    /// The decoded value, as the pipeline decoded it (through the device's quirks; a joined
    /// multi-packet body composition). Must be a reading CareHub forwards (``PhdMapping/forwards(_:)``).
    public var measurement: HealthProfiles.Measurement
    /// The logical patient id the clinic gave the hub: the only patient data sent (`Patient/<id>`).
    public var patientID: String
    /// The cuff, scale or meter.
    public var device: PhdDeviceInfo
    /// The hub.
    public var hub: HubInfo
    /// The measurement time on the hub's timeline (the pipeline's effective time) with its offset.
    public var effective: ZonedTime
    /// The device's clock against the hub's at one moment of the connection, when known.
    public var coincidentTime: CoincidentTime?
    /// The hub's triage; only a non-green one is sent (as a DetectedIssue).
    public var assessment: ReadingAssessment?

    /// Creates an input.
    public init(
        measurement: HealthProfiles.Measurement, patientID: String, device: PhdDeviceInfo, hub: HubInfo,
        effective: ZonedTime, coincidentTime: CoincidentTime? = nil, assessment: ReadingAssessment? = nil
    ) {
        self.measurement = measurement
        self.patientID = patientID
        self.device = device
        self.hub = hub
        self.effective = effective
        self.coincidentTime = coincidentTime
        self.assessment = assessment
    }
}

/// A personal health device (PhdDevice): what the hub knows of it from BLE and the Device
/// Information Service.
public struct PhdDeviceInfo: Hashable, Sendable {
    /// The Bluetooth address, "C4:7C:8D:6A:12:34" (any case; ':' or '-').
    public var address: String
    /// System ID 0x2A23, when the device has one: the Device is then identified by it (SYSID).
    public var systemID: SystemID?
    public var manufacturer: String?
    public var modelNumber: String?
    public var serialNumber: String?
    public var firmwareRevision: String?
    public var hardwareRevision: String?
    public var softwareRevision: String?

    /// Creates the description of a device.
    public init(
        address: String, systemID: SystemID? = nil, manufacturer: String? = nil, modelNumber: String? = nil,
        serialNumber: String? = nil, firmwareRevision: String? = nil, hardwareRevision: String? = nil,
        softwareRevision: String? = nil
    ) {
        self.address = address
        self.systemID = systemID
        self.manufacturer = manufacturer
        self.modelNumber = modelNumber
        self.serialNumber = serialNumber
        self.firmwareRevision = firmwareRevision
        self.hardwareRevision = hardwareRevision
        self.softwareRevision = softwareRevision
    }
}

/// The hub as the PHG Device (531981 MDC_MOC_VMS_MDS_AHD).
public struct HubInfo: Codable, Hashable, Sendable {
    /// The hub's Bluetooth adapter address (BTMAC identifier), "B8:27:EB:12:34:56".
    public var bluetoothAddress: String
    /// The hub's EUI-64 (SYSID identifier, e.g. derived from its Ethernet MAC), when configured.
    public var systemID: String?
    public var manufacturer: String?
    public var modelNumber: String?
    public var serialNumber: String?
    /// The gateway software, e.g. "carehubd 0.4.0".
    public var softwareVersion: String?
    /// True when the hub's clock is NTP-synchronised (property 68220 → 532226).
    public var ntpSynchronised: Bool

    /// Creates the description of the hub.
    public init(
        bluetoothAddress: String, systemID: String? = nil, manufacturer: String? = nil, modelNumber: String? = nil,
        serialNumber: String? = nil, softwareVersion: String? = nil, ntpSynchronised: Bool = true
    ) {
        self.bluetoothAddress = bluetoothAddress
        self.systemID = systemID
        self.manufacturer = manufacturer
        self.modelNumber = modelNumber
        self.serialNumber = serialNumber
        self.softwareVersion = softwareVersion
        self.ntpSynchronised = ntpSynchronised
    }
}

/// The device's wall clock (zone-less, as BLE Date Time / Current Time carry it) read at the same
/// moment as the hub's clock: the PhdCoincidentTimeStampObservation that documents how the
/// device's timestamps were put on the hub's timeline.
public struct CoincidentTime: Codable, Hashable, Sendable {
    /// The hub's time at that moment.
    public var hubTime: ZonedTime
    /// The device's clock at that moment, "YYYY-MM-DDTHH:MM:SS".
    public var deviceClock: String

    /// Creates the pair.
    public init(hubTime: ZonedTime, deviceClock: String) {
        self.hubTime = hubTime
        self.deviceClock = deviceClock
    }
}

/// The hub's triage of one reading, as the store keeps it (Gateway's `NewAssessment` plus which
/// parameters were the patient's own).
public struct ReadingAssessment: Codable, Hashable, Sendable {
    /// green | yellow | red | grey ("measure again").
    public enum Colour: String, Codable, Hashable, Sendable { case green, yellow, red, grey }

    /// One parameter a rule used.
    public struct Parameter: Codable, Hashable, Sendable {
        /// e.g. `weight.gain_3d_kg`.
        public var name: String
        public var value: FHIRDecimal
        /// True when the value is the patient's own threshold (a clinic override), not the default.
        public var patientSpecific: Bool
        public init(name: String, value: FHIRDecimal, patientSpecific: Bool) {
            self.name = name
            self.value = value
            self.patientSpecific = patientSpecific
        }
    }

    public var colour: Colour
    /// Rule ids that fired (W1, B1, Q1, …).
    public var ruleIDs: [String]
    /// e.g. `hf-default-2025.1`.
    public var ruleSetVersion: String
    public var parameters: [Parameter]
    /// The assessment text for staff.
    public var text: String
    /// When the hub assessed the reading (its receive time).
    public var assessedAt: ZonedTime

    /// Creates an assessment.
    public init(
        colour: Colour, ruleIDs: [String], ruleSetVersion: String, parameters: [Parameter], text: String,
        assessedAt: ZonedTime
    ) {
        self.colour = colour
        self.ruleIDs = ruleIDs
        self.ruleSetVersion = ruleSetVersion
        self.parameters = parameters
        self.text = text
        self.assessedAt = assessedAt
    }

    /// True for yellow, red and grey: the readings staff must see.
    public var deviates: Bool { colour != .green }
}

/// Why a reading cannot be mapped.
public enum FHIRMappingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The value is not a reading CareHub forwards (battery level, a feature, live cuff pressure…).
    case notForwarded(String)
    /// An address, System ID or patient id that cannot form an identifier.
    case invalidIdentifier(String)
    /// The stored identifiers lack one the reading needs (they were computed for another input).
    case missingIdentifier(String)

    public var description: String {
        switch self {
        case .notForwarded(let what): "\(what) is not a reading CareHub forwards"
        case .invalidIdentifier(let why): "cannot form an identifier: \(why)"
        case .missingIdentifier(let which): "the stored identifiers have no \(which) identifier"
        }
    }
}
