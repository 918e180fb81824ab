/// A D-Bus error reply: name and message exactly as bluetoothd (src/error.c) or gdbus sends them.
public struct SimError: Error, Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let message: String

    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    public var description: String { "\(name): \(message)" }

    private static func bluez(_ suffix: String, _ message: String) -> SimError {
        SimError(name: "org.bluez.Error.\(suffix)", message: message)
    }

    // src/error.c, fixed messages
    public static let invalidArguments = bluez("InvalidArguments", "Invalid arguments in method call")
    public static let busy = bluez("InProgress", "Operation already in progress")
    public static let inProgress = bluez("InProgress", "In Progress")
    public static let alreadyExists = bluez("AlreadyExists", "Already Exists")
    public static let notSupported = bluez("NotSupported", "Operation is not supported")
    public static let notConnected = bluez("NotConnected", "Not Connected")
    public static let alreadyConnected = bluez("AlreadyConnected", "Already Connected")
    public static let notAvailable = bluez("NotAvailable", "Operation currently not available")
    public static let doesNotExist = bluez("DoesNotExist", "Does Not Exist")
    public static let notAuthorized = bluez("NotAuthorized", "Operation Not Authorized")
    public static let notReady = bluez("NotReady", "Resource Not Ready")
    public static let agentNotAvailable = bluez("AgentNotAvailable", "Agent Not Available")

    /// `btd_error_failed(msg, text)`.
    public static func failed(_ message: String) -> SimError { bluez("Failed", message) }
    /// `btd_error_not_permitted(msg, text)`.
    public static func notPermitted(_ message: String) -> SimError { bluez("NotPermitted", message) }
    /// `btd_error_invalid_args_str(msg, text)`.
    public static func invalidArguments(_ message: String) -> SimError { bluez("InvalidArguments", message) }

    // device.c new_authentication_return
    public static let authenticationFailed = bluez("AuthenticationFailed", "Authentication Failed")
    public static let authenticationCanceled = bluez("AuthenticationCanceled", "Authentication Canceled")
    public static let authenticationRejected = bluez("AuthenticationRejected", "Authentication Rejected")
    public static let authenticationTimeout = bluez("AuthenticationTimeout", "Authentication Timeout")
    public static let connectionAttemptFailed = bluez("ConnectionAttemptFailed", "Page Timeout")

    // gdbus/object.c
    public static func noSuchProperty(_ name: String) -> SimError {
        SimError(name: "org.freedesktop.DBus.Error.InvalidArgs", message: "No such property '\(name)'")
    }
    public static func unknownProperty(_ name: String) -> SimError {
        SimError(name: "org.freedesktop.DBus.Error.UnknownProperty", message: "No such property '\(name)'")
    }
    public static func propertyReadOnly(_ name: String) -> SimError {
        SimError(name: "org.freedesktop.DBus.Error.PropertyReadOnly", message: "Property '\(name)' is not writable")
    }
    public static func unknownObject(method: String, signature: String, interface: String) -> SimError {
        SimError(name: "org.freedesktop.DBus.Error.UnknownObject",
                 message: "Method \"\(method)\" with signature \"\(signature)\" on interface \"\(interface)\" doesn't exist\n")
    }
    public static func unknownMethod(method: String, signature: String, interface: String) -> SimError {
        SimError(name: "org.freedesktop.DBus.Error.UnknownMethod",
                 message: "Method \"\(method)\" with signature \"\(signature)\" on interface \"\(interface)\" doesn't exist\n")
    }

    /// ATT error → D-Bus error, `create_gatt_dbus_error` in src/gatt-client.c.
    public static func att(_ code: UInt8) -> SimError {
        switch code {
        case 0x00: failed("Operation failed")
        case 0x02: notPermitted("Read not permitted")
        case 0x03: notPermitted("Write not permitted")
        case 0x05, 0x0C, 0x0F: notPermitted("Not paired")
        case 0x07: invalidArguments("Invalid offset")
        case 0x0D: invalidArguments("Invalid Length")
        case 0x08: notAuthorized
        case 0x06: notSupported
        default: failed("Operation failed with ATT error: 0x\(hex2(code))")
        }
    }
}

/// `le-connection-*` failure strings (src/error.h, 5.62+), all sent as `org.bluez.Error.Failed`.
public enum LEConnectionError: String, CaseIterable, Sendable {
    case abortByLocal = "le-connection-abort-by-local"
    case abortByRemote = "le-connection-abort-by-remote"
    case timeout = "le-connection-timeout"
    case keyMissing = "le-connection-key-missing"
    case refused = "le-connection-refused"
    case busy = "le-connection-busy"
    case concurrentLimit = "le-connection-concurrent-connection-limit"
    case linkLayerProtocolError = "le-connection-link-layer-protocol-error"
    case gattBrowsing = "le-connection-gatt-browsing"
    case unknown = "le-connection-unknown"

    public var error: SimError { .failed(rawValue) }
}

func hex2(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}

func hex4(_ value: UInt16) -> String {
    hex2(UInt8(value >> 8)) + hex2(UInt8(value & 0xFF))
}
