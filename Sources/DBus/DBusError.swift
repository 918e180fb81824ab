/// Every failure the D-Bus binding reports. Typed, so callers can switch on it; never a trap.
public enum DBusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The peer answered with a D-Bus error (name such as `org.bluez.Error.Failed`, and its message).
    case remote(name: String, message: String)
    /// No reply arrived within the call's timeout.
    case timeout(method: String, after: Duration)
    /// The connection is closed or the bus went away.
    case disconnected
    /// A message's arguments do not have the signature the receiver expects.
    case signatureMismatch(expected: Signature, actual: Signature, context: String)
    /// A path, signature, name or value was invalid and was refused before reaching libdbus.
    case invalidArgument(String)
    /// Connecting or registering on the bus failed.
    case connectionFailed(String)
    /// libdbus could not allocate memory.
    case outOfMemory
    /// The awaiting task was cancelled before the reply arrived.
    case cancelled

    public var description: String {
        switch self {
        case let .remote(name, message): "\(name): \(message)"
        case let .timeout(method, after): "no reply to \(method) within \(after)"
        case .disconnected: "disconnected from the bus"
        case let .signatureMismatch(expected, actual, context):
            "\(context): expected signature '\(expected)', got '\(actual)'"
        case let .invalidArgument(what): "invalid argument: \(what)"
        case let .connectionFailed(why): "connection failed: \(why)"
        case .outOfMemory: "libdbus is out of memory"
        case .cancelled: "cancelled"
        }
    }

    /// The D-Bus error name this error is sent as when an exported method handler throws it.
    var wireName: String {
        switch self {
        case let .remote(name, _): DBusNames.isValidErrorName(name) ? name : DBusErrorName.failed
        case .invalidArgument, .signatureMismatch: DBusErrorName.invalidArgs
        case .timeout: DBusErrorName.timeout
        case .outOfMemory: DBusErrorName.noMemory
        case .disconnected: DBusErrorName.disconnected
        default: DBusErrorName.failed
        }
    }

    /// The message text sent along with `wireName`.
    var wireMessage: String {
        if case let .remote(_, message) = self { return message }
        return description
    }
}

/// Well-known error names of the D-Bus specification that this binding produces.
public enum DBusErrorName {
    public static let failed = "org.freedesktop.DBus.Error.Failed"
    public static let invalidArgs = "org.freedesktop.DBus.Error.InvalidArgs"
    public static let unknownMethod = "org.freedesktop.DBus.Error.UnknownMethod"
    public static let unknownObject = "org.freedesktop.DBus.Error.UnknownObject"
    public static let unknownInterface = "org.freedesktop.DBus.Error.UnknownInterface"
    public static let unknownProperty = "org.freedesktop.DBus.Error.UnknownProperty"
    public static let propertyReadOnly = "org.freedesktop.DBus.Error.PropertyReadOnly"
    public static let accessDenied = "org.freedesktop.DBus.Error.AccessDenied"
    public static let noReply = "org.freedesktop.DBus.Error.NoReply"
    public static let timeout = "org.freedesktop.DBus.Error.Timeout"
    public static let noMemory = "org.freedesktop.DBus.Error.NoMemory"
    public static let disconnected = "org.freedesktop.DBus.Error.Disconnected"
    public static let nameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner"
    public static let serviceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown"
}

/// Error texts other D-Bus implementations produce, for peers that must answer identically.
public enum DBusErrorText {
    /// libdbus's reply to a call no handler took (dbus-connection.c), trailing newline included;
    /// bluetoothd (gdbus) sends it with UnknownObject or UnknownMethod.
    public static func methodDoesNotExist(member: String, signature: String, interface: String) -> String {
        "Method \"\(member)\" with signature \"\(signature)\" on interface \"\(interface)\" doesn't exist\n"
    }
}
