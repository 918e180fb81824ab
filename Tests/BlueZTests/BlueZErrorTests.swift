import TestSupport
import BlueZ
import DBus
import Testing

/// Error names and messages from bluez src/error.c|h and gatt-client.c (reference/bluez-api.md).
struct BlueZErrorTests {
    @Test("maps D-Bus error names", arguments: [
        ("org.bluez.Error.InProgress", "In Progress", BlueZError.inProgress("In Progress")),
        ("org.bluez.Error.Failed", "le-connection-abort-by-local", .failed("le-connection-abort-by-local")),
        ("org.bluez.Error.AuthenticationFailed", "Authentication Failed", .authenticationFailed("Authentication Failed")),
        ("org.bluez.Error.AuthenticationCanceled", "Authentication Canceled", .authenticationCanceled("Authentication Canceled")),
        ("org.bluez.Error.AuthenticationRejected", "Authentication Rejected", .authenticationRejected("Authentication Rejected")),
        ("org.bluez.Error.AuthenticationTimeout", "Authentication Timeout", .authenticationTimeout("Authentication Timeout")),
        ("org.bluez.Error.AlreadyExists", "Already Exists", .alreadyExists("Already Exists")),
        ("org.bluez.Error.DoesNotExist", "Does Not Exist", .doesNotExist("Does Not Exist")),
        ("org.bluez.Error.NotReady", "Resource Not Ready", .notReady("Resource Not Ready")),
        ("org.bluez.Error.NotConnected", "Not Connected", .notConnected("Not Connected")),
        ("org.bluez.Error.NotPermitted", "Not paired", .notPermitted("Not paired")),
        ("org.bluez.Error.NotSupported", "Operation is not supported", .notSupported("Operation is not supported")),
        ("org.bluez.Error.InvalidArguments", "Invalid Length", .invalidArguments("Invalid Length")),
        ("org.freedesktop.DBus.Error.UnknownObject", "Method \"Connect\" doesn't exist", .unknownObject("Method \"Connect\" doesn't exist")),
        ("org.freedesktop.DBus.Error.NoReply", "Message recipient disconnected", .noReply("Message recipient disconnected")),
        ("org.freedesktop.DBus.Error.ServiceUnknown", "The name org.bluez was not provided", .bluezNotRunning("The name org.bluez was not provided")),
        ("com.example.Error.Odd", "x", .other(name: "com.example.Error.Odd", message: "x")),
    ])
    func mapsNames(name: String, message: String, expected: BlueZError) {
        let mapped = BlueZError(.remote(name: name, message: message), operation: "Device1.Connect")
        #expect(mapped == expected)
        #expect(mapped.dbusName == name)
    }

    @Test("classifies transient failures (bleak-retry-connector TRANSIENT_ERRORS, failure-modes §1, §2)", arguments: [
        (BlueZError.failed("le-connection-abort-by-local"), true),
        (.failed("br-connection-canceled"), true),
        (.inProgress("In Progress"), true),
        (.noReply("Message recipient disconnected"), true),
        (.timeout(operation: "Device1.Connect", after: .seconds(20)), true),
        (.linkLost(device: "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_01", reason: nil), true),
        (.failed("le-connection-key-missing"), false),
        (.authenticationFailed("Authentication Failed"), false),
        (.notSupported("Operation is not supported"), false),
        (.failed("Operation failed with ATT error: 0x80"), false),
    ])
    func transient(error: BlueZError, isTransient: Bool) {
        #expect(error.isTransient == isTransient)
    }

    @Test func otherClassifications() {
        #expect(BlueZError.unknownObject("gone").isObjectMissing)
        #expect(BlueZError.failed("le-connection-key-missing").isBondProblem)
        #expect(BlueZError.notPermitted("Not paired").isBondProblem)
        #expect(!BlueZError.failed("le-connection-abort-by-local").isBondProblem)
        #expect(BlueZError(.timeout(method: "x", after: .seconds(1)), operation: "Device1.Pair")
            == .timeout(operation: "Device1.Pair", after: .seconds(1)))
        #expect(BlueZError(.disconnected, operation: "x") == .busDisconnected)
    }
}
