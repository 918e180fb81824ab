import FHIR
import Foundation

/// A hub as the store knows it after its token was checked.
public struct HubIdentity: Hashable, Sendable {
    public var id: String
    /// The patients this hub may write and read for.
    public var patients: Set<String>

    public init(id: String, patients: Set<String>) {
        self.id = id
        self.patients = patients
    }
}

/// A staff member's role: nurses work the lists, administrators also manage staff and fleet.
public enum StaffRole: String, Sendable, CaseIterable, Codable {
    case nurse
    case admin
}

public struct StaffUser: Hashable, Sendable {
    public var username: String
    public var passwordHash: String
    public var role: StaffRole
}

/// A logged-in staff session.
public struct StaffSession: Hashable, Sendable {
    public var id: String
    public var username: String
    public var role: StaffRole
    /// The token every POSTed form must carry (double-submit is not enough with SameSite alone on old browsers).
    public var csrfToken: String
    public var expires: Date

    public init(id: String, username: String, role: StaffRole, csrfToken: String, expires: Date) {
        self.id = id
        self.username = username
        self.role = role
        self.csrfToken = csrfToken
        self.expires = expires
    }
}

/// What a worklist item is about.
public enum WorklistKind: String, Sendable {
    /// A deviating reading (the hub's DetectedIssue).
    case reading
    /// The patient's "please call me".
    case contactRequest = "contact-request"
}

/// One thing staff must look at.
public struct WorklistItem: Hashable, Sendable {
    public var id: String
    public var patientID: String
    public var kind: WorklistKind
    /// `red`, `yellow`, `grey` for readings; `contact` for contact requests.
    public var colour: String
    public var occurredAt: Date
    /// The store's resource id (`DetectedIssue/…` or `Communication/…`).
    public var resource: String
    /// Rule ids that fired (W1, B1, …).
    public var rules: [String]
    /// The hub's text (reason), or the patient's request text.
    public var detail: String
    /// The parameters used, `name=value` (`*` when the patient's own threshold).
    public var parameters: [String]
    /// Values of the implicated readings, e.g. `Body weight 84.6 kg`.
    public var values: [String]
    /// The implicated reading's value, typed; nil for a contact request.
    public var value: ObservedValue?
    public var acknowledgement: Acknowledgement?
}

public struct Acknowledgement: Hashable, Sendable {
    public var by: String
    public var at: Date
    public var note: String
}

/// One point of a patient's series.
public struct SeriesPoint: Hashable, Sendable {
    public var at: Date
    /// In the series' unit: kg for weight, beats/min for pulse.
    public var value: Double
}

/// One blood pressure reading, mmHg.
public struct PressurePoint: Hashable, Sendable {
    public var at: Date
    public var systolic: Double
    public var diastolic: Double
}

/// A clinic message as staff see it: with its author.
public struct ClinicMessage: Hashable, Sendable {
    public var id: String
    public var audience: MessageAudience
    public var text: String
    /// The staff member who wrote it.
    public var author: String
    public var sender: String?
    public var sentAt: Date
}

/// A group patients belong to (a diagnosis or a clinic) and how many.
public struct PatientGroup: Hashable, Sendable {
    public var name: String
    public var memberCount: Int
}

/// One recorded change of a patient's individual threshold: who, when, why.
public struct ThresholdAuditEntry: Hashable, Sendable {
    public var name: String
    /// nil: the default applied before (or applies after).
    public var oldValue: FHIRDecimal?
    public var newValue: FHIRDecimal?
    public var changedBy: String
    public var changedAt: Date
    public var reason: String
    public var version: Int
}

/// What staff and the home-care team see of one patient.
public struct PatientOverview: Hashable, Sendable {
    public var patientID: String
    public var groups: [String]
    /// kg, oldest first.
    public var weight: [SeriesPoint]
    public var bloodPressure: [PressurePoint]
    /// beats/min.
    public var pulse: [SeriesPoint]
    public var thresholds: PatientThresholds?
    /// The clinic messages the patient sees (own, groups', everyone's), newest last.
    public var messages: [ClinicMessage]
    /// The patient's contact requests (open or acknowledged), newest last.
    public var contactRequests: [WorklistItem]
    public var devices: [DeviceHealth]
    public var openItems: [WorklistItem]
}

/// A hub as the fleet list shows it.
public struct HubHealth: Hashable, Sendable {
    public var hubID: String
    /// The patients assigned to the hub.
    public var patients: [String]
    public var lastHeard: Date?
    public var softwareVersion: String?
    public var backlog: Int?
    /// Why a technician should visit; empty when all is well.
    public var problems: [String]
}

/// A device as the fleet list shows it.
public struct DeviceHealth: Hashable, Sendable {
    public var address: String
    /// "Manufacturer model" from the device's FHIR Device, when a reading brought one.
    public var model: String?
    public var hubID: String?
    public var patientID: String?
    public var lastContact: Date?
    public var lastReading: Date?
    public var batteryLevel: Int?
    public var clockOffsetSeconds: Double?
    public var problems: [String]
}

/// When a hub or device needs a technician.
public struct FleetPolicy: Hashable, Sendable {
    public var hubSilentAfter: TimeInterval
    public var lowBatteryPercent: Int
    public var maxClockOffsetSeconds: Double
    public var deviceSilentAfter: TimeInterval

    public init(hubSilentAfter: TimeInterval = 6 * 3600, lowBatteryPercent: Int = 20,
                maxClockOffsetSeconds: Double = 300, deviceSilentAfter: TimeInterval = 3 * 86400) {
        self.hubSilentAfter = hubSilentAfter
        self.lowBatteryPercent = lowBatteryPercent
        self.maxClockOffsetSeconds = maxClockOffsetSeconds
        self.deviceSilentAfter = deviceSilentAfter
    }
}

public struct FleetHealth: Hashable, Sendable {
    public var hubs: [HubHealth]
    public var devices: [DeviceHealth]
    /// Hubs and devices with at least one problem.
    public var needsVisit: (hubs: [HubHealth], devices: [DeviceHealth]) {
        (hubs.filter { !$0.problems.isEmpty }, devices.filter { !$0.problems.isEmpty })
    }

    public static func == (a: Self, b: Self) -> Bool { a.hubs == b.hubs && a.devices == b.devices }
    public func hash(into hasher: inout Hasher) { hasher.combine(hubs); hasher.combine(devices) }
}
