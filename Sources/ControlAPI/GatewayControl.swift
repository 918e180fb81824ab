import Foundation

/// What a technician drives on a hub: status, the paired devices, pairing, assignment, forgetting
/// and a test measurement. `carehubd` serves it on D-Bus as `org.carehub.Gateway1`
/// (docs/CONTROL-API.md) and the `carehub` CLI is its client; with no daemon running, the CLI runs
/// the same operations in-process (`LocalGatewayControl`).
public protocol GatewayControl: Sendable {
    /// The hub's state, without personal data.
    func status() async throws(ControlError) -> ControlStatus
    /// Every paired device that was not forgotten, with its assignments and session state.
    func devices() async throws(ControlError) -> [ControlDevice]
    /// Finds, pairs and trusts a device; passkeys and progress go to `delegate`.
    /// `technician` is recorded as who paired it (a D-Bus server uses the caller's user instead).
    func pair(address: String, delegate: any PairingDelegate, technician: String) async throws(ControlError) -> ControlDevice
    /// Assigns a paired device (and, for a multi-user scale, one user slot) to the hub's patient.
    /// It replaces an earlier assignment of the same device and slot; the device is connected at once
    /// if it is advertising.
    func assign(address: String, patient: String, userIndex: Int?, technician: String) async throws(ControlError) -> ControlDevice
    /// Revokes every assignment of the device, ends its session and removes its bond. Its readings stay.
    func forget(address: String, technician: String) async throws(ControlError)
    /// Waits for the next measurement from a paired device and returns it decoded. An assigned
    /// device's reading goes through the pipeline as usual; an unassigned one is connected for this
    /// test only and nothing is stored.
    func waitForReading(address: String, timeout: Duration) async throws(ControlError) -> TestReading
}

/// The hub's state as `carehub status`/`doctor` show it. No personal data: the default bus policy
/// lets anyone read it.
public struct ControlStatus: Sendable, Hashable {
    /// CareHub's version.
    public var version: String
    /// Whether org.bluez has an owner.
    public var bluezRunning: Bool
    /// The adapter discovery runs on ("hci0"), nil when there is none.
    public var adapter: String?
    /// Paired devices that were not forgotten.
    public var pairedDevices: Int
    /// Devices with at least one active assignment.
    public var assignedDevices: Int
    /// Readings waiting to be forwarded.
    public var outboxPending: Int
    /// When the newest reading arrived at the hub.
    public var lastReadingAt: Date?
    /// Forwarding to the clinic's store; nil from a daemon that does not report it.
    public var forwarding: ControlForwarding?

    /// Creates a status.
    public init(
        version: String, bluezRunning: Bool, adapter: String?, pairedDevices: Int, assignedDevices: Int,
        outboxPending: Int, lastReadingAt: Date?, forwarding: ControlForwarding? = nil
    ) {
        self.forwarding = forwarding
        self.version = version
        self.bluezRunning = bluezRunning
        self.adapter = adapter
        self.pairedDevices = pairedDevices
        self.assignedDevices = assignedDevices
        self.outboxPending = outboxPending
        self.lastReadingAt = lastReadingAt
    }
}

/// How forwarding to the clinic's store stands (no personal data: counts, times, an error in words).
public struct ControlForwarding: Sendable, Hashable {
    /// Whether carehubd has a `[forwarding]` section; without one nothing leaves the hub.
    public var configured: Bool
    /// When the oldest reading not yet accepted by the clinic's store arrived at the hub.
    public var oldestUndeliveredAt: Date?
    /// When the clinic's store last accepted readings.
    public var lastSuccessAt: Date?
    /// The last delivery error, in words, and when it happened.
    public var lastError: String?
    public var lastErrorAt: Date?
    /// Readings the store refused (dead letters): they need a person to look at them.
    public var deadLetters: Int

    /// Creates a forwarding status.
    public init(
        configured: Bool, oldestUndeliveredAt: Date?, lastSuccessAt: Date?, lastError: String?, lastErrorAt: Date?,
        deadLetters: Int
    ) {
        self.configured = configured
        self.oldestUndeliveredAt = oldestUndeliveredAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.deadLetters = deadLetters
    }
}

/// One active assignment of a device (slot) to a patient.
public struct ControlAssignment: Sendable, Hashable {
    public var patient: String
    /// The user slot of a multi-user device; nil for single-user devices.
    public var userIndex: Int?
    public var assignedAt: Date
    public var assignedBy: String

    /// Creates an assignment description.
    public init(patient: String, userIndex: Int?, assignedAt: Date, assignedBy: String) {
        self.patient = patient
        self.userIndex = userIndex
        self.assignedAt = assignedAt
        self.assignedBy = assignedBy
    }
}

/// A paired device as the technician sees it.
public struct ControlDevice: Sendable, Hashable {
    /// "AA:BB:CC:DD:EE:FF", upper case.
    public var address: String
    /// "cuff", "scale" or "other".
    public var kind: String
    public var model: String?
    public var manufacturer: String?
    public var serial: String?
    public var firmware: String?
    public var pairedAt: Date
    public var pairedBy: String
    /// Active assignments (several for a multi-user scale); empty: paired but not assigned.
    public var assignments: [ControlAssignment]
    /// The session state in words ("receiving", "bond lost"); nil when the hub has not seen it yet.
    public var state: String?
    /// Battery level in percent, when the device reported one.
    public var battery: Int?
    /// When the newest reading from this device arrived.
    public var lastReadingAt: Date?

    /// Creates a device description.
    public init(
        address: String, kind: String, model: String? = nil, manufacturer: String? = nil, serial: String? = nil,
        firmware: String? = nil, pairedAt: Date, pairedBy: String, assignments: [ControlAssignment] = [],
        state: String? = nil, battery: Int? = nil, lastReadingAt: Date? = nil
    ) {
        self.address = address
        self.kind = kind
        self.model = model
        self.manufacturer = manufacturer
        self.serial = serial
        self.firmware = firmware
        self.pairedAt = pairedAt
        self.pairedBy = pairedBy
        self.assignments = assignments
        self.state = state
        self.battery = battery
        self.lastReadingAt = lastReadingAt
    }
}

/// The measurement `carehub test` waited for.
public struct TestReading: Sendable, Hashable {
    /// What became of it.
    public enum Outcome: Sendable, Hashable {
        /// Stored through the pipeline (the device is assigned).
        case stored
        /// Already stored earlier (a cuff resending its memory).
        case duplicate
        /// Decoded and shown only: the device is not assigned, or the value is not a reading to keep.
        case notStored(reason: String)
        /// The pipeline refused it (undecodable, unassigned user slot, store failure).
        case rejected(reason: String)
    }

    public var address: String
    /// The characteristic as four upper-case hex digits ("2A35").
    public var characteristic: String
    /// The decoded measurement as `carehub decode` prints it (one JSON object).
    public var measurementJSON: String
    public var outcome: Outcome
    /// The assessment colour ("green", "yellow", "red", "grey") when it was assessed.
    public var colour: String?
    /// The patient-facing text of the assessment.
    public var text: String?
    public var receivedAt: Date

    /// Creates a test reading.
    public init(
        address: String, characteristic: String, measurementJSON: String, outcome: Outcome, colour: String? = nil,
        text: String? = nil, receivedAt: Date
    ) {
        self.address = address
        self.characteristic = characteristic
        self.measurementJSON = measurementJSON
        self.outcome = outcome
        self.colour = colour
        self.text = text
        self.receivedAt = receivedAt
    }
}

/// Why a control operation failed, in plain words a technician can act on. Each case has a D-Bus
/// error name under `org.carehub.Gateway1.Error.` so a remote client gets the same case back.
public enum ControlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The device was never paired with this hub (or was forgotten).
    case notPaired(address: String)
    /// An argument is malformed (address, patient id, user index, timeout).
    case invalidArgument(String)
    /// Pairing failed; the text says why and what to do (`PairingFailure.description`).
    case pairingFailed(String)
    /// Another operation on the device (or another pairing) is running.
    case busy(String)
    /// Nothing happened within the time given.
    case timedOut(String)
    /// The hub's database failed.
    case storeFailed(String)
    /// No adapter, bluetoothd not running, or no permission to use it.
    case bluetoothUnavailable(String)
    /// The caller may not do this (bus policy: root or the carehub-admin group).
    case accessDenied(String)
    /// The daemon did not answer or went away.
    case daemonUnavailable(String)
    /// Anything else.
    case other(String)

    /// The last component of the D-Bus error name (`org.carehub.Gateway1.Error.<name>`).
    public var dbusName: String {
        switch self {
        case .notPaired: "NotPaired"
        case .invalidArgument: "InvalidArgument"
        case .pairingFailed: "PairingFailed"
        case .busy: "Busy"
        case .timedOut: "TimedOut"
        case .storeFailed: "StoreFailed"
        case .bluetoothUnavailable: "BluetoothUnavailable"
        case .accessDenied: "AccessDenied"
        case .daemonUnavailable: "DaemonUnavailable"
        case .other: "Failed"
        }
    }

    /// Plain words for the technician.
    public var description: String {
        switch self {
        case let .notPaired(address): "Device \(address) is not paired with this hub. Pair it first: carehub pair \(address)"
        case let .invalidArgument(why): why
        case let .pairingFailed(why): why
        case let .busy(why): why
        case let .timedOut(why): why
        case let .storeFailed(why): "The hub's database failed: \(why)"
        case let .bluetoothUnavailable(why): "Bluetooth is not available: \(why). Run `carehub doctor`."
        case let .accessDenied(why): "Not allowed: \(why). Run as root or as a member of the carehub-admin group."
        case let .daemonUnavailable(why): "The CareHub daemon did not answer: \(why)"
        case let .other(why): why
        }
    }
}
