#if canImport(Glibc)
import Glibc
#endif

/// A private connection to a message bus (or a peer address), driven by its own thread (see
/// `DBusDriver` and docs/ARCHITECTURE.md). All methods are safe from any task or thread; none blocks.
/// Closing it (or the bus going away) fails pending calls and ends signal streams with
/// `.disconnected`. Freeing the last reference closes it.
public final class DBusConnection: Sendable {
    let driver: DBusDriver
    let exports: ExportRegistry
    /// The unique name the bus assigned (e.g. `:1.42`).
    public let uniqueName: String

    private init(driver: DBusDriver, exports: ExportRegistry, uniqueName: String) {
        self.driver = driver
        self.exports = exports
        self.uniqueName = uniqueName
    }

    deinit {
        driver.requestShutdown()
    }

    /// Connects to the system bus (`DBUS_SYSTEM_BUS_ADDRESS`, else the standard socket).
    public static func system() async throws(DBusError) -> DBusConnection {
        let address = getenv("DBUS_SYSTEM_BUS_ADDRESS").map { String(cString: $0) }
        return try await connect(address: address ?? "unix:path=/var/run/dbus/system_bus_socket")
    }

    /// Connects to the session bus named by `DBUS_SESSION_BUS_ADDRESS` (no autolaunch).
    public static func session() async throws(DBusError) -> DBusConnection {
        guard let address = getenv("DBUS_SESSION_BUS_ADDRESS").map({ String(cString: $0) }), !address.isEmpty else {
            throw .connectionFailed("DBUS_SESSION_BUS_ADDRESS is not set")
        }
        return try await connect(address: address)
    }

    /// Connects to a bus at `address` (e.g. `unix:path=/tmp/bus`) and registers (Hello).
    /// Connecting and authenticating happen on the new connection's own thread.
    public static func connect(address: String) async throws(DBusError) -> DBusConnection {
        guard !address.isEmpty, !address.utf8.contains(0) else { throw .invalidArgument("empty or malformed bus address") }
        let router = SignalRouter()
        let driver = try DBusDriver(signalRouter: router)
        let exports = ExportRegistry(driver: driver)
        driver.methodCallHandler = { exports.handle($0) }
        driver.onShutdown = { exports.connectionClosed() }
        let result = await withCheckedContinuation { continuation in
            driver.start(address: address, register: true) { continuation.resume(returning: $0) }
        }
        let name = try result.get()
        return DBusConnection(driver: driver, exports: exports, uniqueName: name)
    }

    /// Closes the connection: pending calls fail with `.disconnected`, signal streams end, exported
    /// objects are detached and running handlers cancelled. Idempotent.
    public func close() {
        driver.requestShutdown()
    }

    /// False once closed or disconnected by the bus.
    public var isConnected: Bool { !driver.isClosed }

    /// Returns when the connection has ended, by `close()` or because the bus went away (e.g. to
    /// reconnect). Returns at once if it has already ended.
    public func waitUntilClosed() async {
        await driver.waitUntilClosed()
    }

    /// Calls a method and returns its reply arguments. Remote errors are `.remote(name:message:)`;
    /// no reply within `timeout` is `.timeout`. With `expecting`, a reply of another signature is
    /// `.signatureMismatch` instead of being returned.
    public func call(destination: String?, path: ObjectPath, interface: String?, method: String,
                     arguments: [DBusValue] = [], timeout: Duration = .seconds(25),
                     expecting: Signature? = nil) async throws(DBusError) -> [DBusValue] {
        if let destination { try DBusNames.checkBusName(destination) }
        try DBusNames.checkPath(path)
        if let interface { try DBusNames.checkInterface(interface) }
        try DBusNames.checkMember(method)
        guard timeout > .zero else { throw .invalidArgument("timeout must be positive") }
        let message = try LibDBus.newMethodCall(destination: destination, path: path.rawValue,
                                                interface: interface, member: method)
        try message.append(arguments)
        let name = [interface, method].compactMap { $0 }.joined(separator: ".")
        let values = try await driver.call(message, method: name, timeout: timeout).get()
        if let expecting { try values.expect(expecting, context: "reply to \(name)") }
        return values
    }

    /// Emits a signal from `path`. Throws `.disconnected` if the connection is closed.
    public func emitSignal(path: ObjectPath, interface: String, name: String, arguments: [DBusValue] = []) throws(DBusError) {
        try exports.emitSignal(path: path, interface: interface, member: name, arguments: arguments)
    }
}
