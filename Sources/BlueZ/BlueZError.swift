import DBus

/// Every failure of a BlueZ operation, named after the D-Bus error bluetoothd (or the bus) sent.
/// The associated string is bluetoothd's message (e.g. `le-connection-abort-by-local`).
public enum BlueZError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `org.bluez.Error.InProgress`: another operation on the same object (or this client's
    /// discovery session) is pending.
    case inProgress(String)
    /// `org.bluez.Error.Failed`, e.g. `le-connection-abort-by-local`, `br-connection-canceled`,
    /// `Operation failed with ATT error: 0x80`.
    case failed(String)
    /// `org.bluez.Error.AuthenticationFailed` (also what an agent's Rejected/Canceled becomes).
    case authenticationFailed(String)
    /// `org.bluez.Error.AuthenticationCanceled` (link dropped during pairing).
    case authenticationCanceled(String)
    /// `org.bluez.Error.AuthenticationRejected` (peer refused).
    case authenticationRejected(String)
    /// `org.bluez.Error.AuthenticationTimeout`.
    case authenticationTimeout(String)
    /// `org.bluez.Error.ConnectionAttemptFailed` (Pair could not connect).
    case connectionAttemptFailed(String)
    /// `org.bluez.Error.AlreadyExists` (e.g. Pair on a bonded device, second RegisterAgent).
    case alreadyExists(String)
    /// `org.bluez.Error.AlreadyConnected`.
    case alreadyConnected(String)
    /// `org.bluez.Error.DoesNotExist`.
    case doesNotExist(String)
    /// `org.bluez.Error.NotReady` (adapter not powered).
    case notReady(String)
    /// `org.bluez.Error.NotConnected`.
    case notConnected(String)
    /// `org.bluez.Error.NotPermitted` ("Read not permitted", "Not paired", ...).
    case notPermitted(String)
    /// `org.bluez.Error.NotAuthorized`.
    case notAuthorized(String)
    /// `org.bluez.Error.NotSupported`.
    case notSupported(String)
    /// `org.bluez.Error.InvalidArguments` ("Invalid offset", "Invalid Length", ...).
    case invalidArguments(String)
    /// `org.bluez.Error.Rejected` / `Canceled` (agent answers, seen when calling an agent).
    case rejected(String)
    case canceled(String)
    /// `org.freedesktop.DBus.Error.UnknownObject` or `UnknownMethod` on a BlueZ path: the object is
    /// gone (temporary device removed, adapter unplugged) — re-resolve by address.
    case unknownObject(String)
    /// bluetoothd is not on the bus (`ServiceUnknown`, `NameHasNoOwner`) or vanished while waiting.
    case bluezNotRunning(String)
    /// `org.freedesktop.DBus.Error.NoReply`: the call was lost (bluetoothd crashed mid-call).
    case noReply(String)
    /// No answer or awaited event within the operation's timeout.
    case timeout(operation: String, after: Duration)
    /// The device disconnected (or its object vanished) while an operation waited on it.
    case linkLost(device: ObjectPath, reason: String?)
    /// The object is not (or no longer) in the ObjectManager view.
    case notFound(String)
    /// The client's own bus connection is closed.
    case busDisconnected
    /// A reply or value did not have the type the API documents.
    case unexpectedReply(String)
    /// The awaiting task was cancelled.
    case cancelled
    /// Any other D-Bus error, with its name.
    case other(name: String, message: String)

    /// Maps a `DBusError` from a call to `operation` to the BlueZ error it stands for.
    public init(_ error: DBusError, operation: String) {
        switch error {
        case let .remote(name, message): self = Self(name: name, message: message)
        case let .timeout(_, after): self = .timeout(operation: operation, after: after)
        case .disconnected, .connectionFailed: self = .busDisconnected
        case .cancelled: self = .cancelled
        case let .signatureMismatch(expected, actual, context):
            self = .unexpectedReply("\(context): expected '\(expected)', got '\(actual)'")
        case let .invalidArgument(what): self = .invalidArguments(what)
        case .outOfMemory: self = .other(name: DBusErrorName.noMemory, message: "out of memory")
        }
    }

    /// Maps a D-Bus error name and message.
    public init(name: String, message: String) {
        switch name {
        case "org.bluez.Error.InProgress": self = .inProgress(message)
        case "org.bluez.Error.Failed": self = .failed(message)
        case "org.bluez.Error.AuthenticationFailed": self = .authenticationFailed(message)
        case "org.bluez.Error.AuthenticationCanceled": self = .authenticationCanceled(message)
        case "org.bluez.Error.AuthenticationRejected": self = .authenticationRejected(message)
        case "org.bluez.Error.AuthenticationTimeout": self = .authenticationTimeout(message)
        case "org.bluez.Error.ConnectionAttemptFailed": self = .connectionAttemptFailed(message)
        case "org.bluez.Error.AlreadyExists": self = .alreadyExists(message)
        case "org.bluez.Error.AlreadyConnected": self = .alreadyConnected(message)
        case "org.bluez.Error.DoesNotExist": self = .doesNotExist(message)
        case "org.bluez.Error.NotReady": self = .notReady(message)
        case "org.bluez.Error.NotConnected": self = .notConnected(message)
        case "org.bluez.Error.NotPermitted": self = .notPermitted(message)
        case "org.bluez.Error.NotAuthorized": self = .notAuthorized(message)
        case "org.bluez.Error.NotSupported": self = .notSupported(message)
        case "org.bluez.Error.InvalidArguments": self = .invalidArguments(message)
        case "org.bluez.Error.Rejected": self = .rejected(message)
        case "org.bluez.Error.Canceled": self = .canceled(message)
        case DBusErrorName.unknownObject, DBusErrorName.unknownMethod, DBusErrorName.unknownInterface:
            self = .unknownObject(message)
        case DBusErrorName.serviceUnknown, DBusErrorName.nameHasNoOwner: self = .bluezNotRunning(message)
        case DBusErrorName.noReply: self = .noReply(message)
        case DBusErrorName.timeout: self = .timeout(operation: message, after: .zero)
        default: self = .other(name: name, message: message)
        }
    }

    /// `Failed` messages that mean "try again": the link attempt was aborted or cancelled, not refused.
    public static let transientFailureMessages: Set<String> = [
        "le-connection-abort-by-local", "le-connection-abort-by-remote", "le-connection-timeout",
        "le-connection-busy", "br-connection-canceled", "Software caused connection abort",
    ]

    /// True when retrying (after a backoff, and after waiting for `Connected=false`) can succeed
    /// without user action: InProgress, lost replies, timeouts, a bluetoothd restart, a link lost
    /// mid-operation, and the transient `Failed` messages above. Authentication errors, bond loss
    /// (`le-connection-key-missing`), NotPermitted and NotSupported are not transient.
    public var isTransient: Bool {
        switch self {
        case .inProgress, .noReply, .timeout, .bluezNotRunning, .linkLost, .notConnected: true
        case let .failed(message): Self.transientFailureMessages.contains(message)
        default: false
        }
    }

    /// True when the device object is gone and must be found again by address (rescan).
    public var isObjectMissing: Bool {
        switch self {
        case .unknownObject, .notFound, .doesNotExist: true
        default: false
        }
    }

    /// True when the failure points at lost or refused keys (tell the technician; never loop).
    public var isBondProblem: Bool {
        switch self {
        case .authenticationFailed, .authenticationRejected: true
        case let .failed(message): message == "le-connection-key-missing"
        case let .notPermitted(message): message == "Not paired"
        default: false
        }
    }

    /// The D-Bus error name this error corresponds to (for logs and control-API replies).
    public var dbusName: String {
        switch self {
        case .inProgress: "org.bluez.Error.InProgress"
        case .failed: "org.bluez.Error.Failed"
        case .authenticationFailed: "org.bluez.Error.AuthenticationFailed"
        case .authenticationCanceled: "org.bluez.Error.AuthenticationCanceled"
        case .authenticationRejected: "org.bluez.Error.AuthenticationRejected"
        case .authenticationTimeout: "org.bluez.Error.AuthenticationTimeout"
        case .connectionAttemptFailed: "org.bluez.Error.ConnectionAttemptFailed"
        case .alreadyExists: "org.bluez.Error.AlreadyExists"
        case .alreadyConnected: "org.bluez.Error.AlreadyConnected"
        case .doesNotExist: "org.bluez.Error.DoesNotExist"
        case .notReady: "org.bluez.Error.NotReady"
        case .notConnected: "org.bluez.Error.NotConnected"
        case .notPermitted: "org.bluez.Error.NotPermitted"
        case .notAuthorized: "org.bluez.Error.NotAuthorized"
        case .notSupported: "org.bluez.Error.NotSupported"
        case .invalidArguments: "org.bluez.Error.InvalidArguments"
        case .rejected: "org.bluez.Error.Rejected"
        case .canceled: "org.bluez.Error.Canceled"
        case .unknownObject: DBusErrorName.unknownObject
        case .bluezNotRunning: DBusErrorName.serviceUnknown
        case .noReply: DBusErrorName.noReply
        case .timeout: DBusErrorName.timeout
        case .linkLost: "org.carehub.Error.LinkLost"
        case .notFound: "org.carehub.Error.NotFound"
        case .busDisconnected: DBusErrorName.disconnected
        case .cancelled: "org.carehub.Error.Cancelled"
        case .unexpectedReply: DBusErrorName.invalidArgs
        case let .other(name, _): name
        }
    }

    public var description: String {
        switch self {
        case let .timeout(operation, after): "\(operation): no answer within \(after)"
        case let .linkLost(device, reason): "\(device) disconnected\(reason.map { " (\($0))" } ?? "")"
        case .busDisconnected: "the D-Bus connection is closed"
        case .cancelled: "cancelled"
        case let .inProgress(m), let .failed(m), let .authenticationFailed(m), let .authenticationCanceled(m),
             let .authenticationRejected(m), let .authenticationTimeout(m), let .connectionAttemptFailed(m),
             let .alreadyExists(m), let .alreadyConnected(m), let .doesNotExist(m), let .notReady(m),
             let .notConnected(m), let .notPermitted(m), let .notAuthorized(m), let .notSupported(m),
             let .invalidArguments(m), let .rejected(m), let .canceled(m), let .unknownObject(m),
             let .bluezNotRunning(m), let .noReply(m), let .notFound(m), let .unexpectedReply(m),
             let .other(_, m):
            "\(dbusName): \(m)"
        }
    }
}
