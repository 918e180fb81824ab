import TestSupport
import BlueZSim
import DBus
import Foundation

/// A private bus with bluez-sim running in-process on it, and a client connection.
struct SimBus {
    let bus: PrivateBus
    let server: BlueZSimServer
    let client: DBusConnection

    static func start(_ json: String = twoDevices) async throws -> SimBus {
        let bus = try PrivateBus()
        let server = try await BlueZSimServer.start(try loadScenario(json), busAddress: bus.address)
        let client = try await DBusConnection.connect(address: bus.address)
        return SimBus(bus: bus, server: server, client: client)
    }

    /// Runs `body` with a fresh private bus and simulator, always stopping both afterwards.
    static func run(_ json: String = twoDevices, _ body: (SimBus) async throws -> Void) async throws {
        let sim = try await start(json)
        do {
            try await body(sim)
        } catch {
            await sim.stop()
            throw error
        }
        await sim.stop()
    }

    func stop() async {
        client.close()
        await server.stop()
        bus.stop()
    }

    /// Calls org.bluez.
    @discardableResult
    func call(_ path: String, _ interface: String, _ method: String, _ arguments: [DBusValue] = [],
              on connection: DBusConnection? = nil) async throws(DBusError) -> [DBusValue] {
        try await (connection ?? client).call(destination: "org.bluez", path: ObjectPath(stringLiteral: path), interface: interface,
                                              method: method, arguments: arguments, timeout: .seconds(10))
    }

    /// The remote error of a call (nil if it succeeded).
    func error(_ path: String, _ interface: String, _ method: String, _ arguments: [DBusValue] = [],
               on connection: DBusConnection? = nil) async -> DBusError? {
        do {
            try await call(path, interface, method, arguments, on: connection)
            return nil
        } catch {
            return error
        }
    }

    func property(_ path: String, _ interface: String, _ name: String) async throws -> DBusValue? {
        try await call(path, "org.freedesktop.DBus.Properties", "Get", [.string(interface), .string(name)]).first?.unwrapped
    }

    /// PropertiesChanged signals below /org/bluez (subscribed before returning).
    func propertyChanges() async throws -> Recorder<DBusSignal> {
        let stream = try await client.subscribe(MatchRule(interface: "org.freedesktop.DBus.Properties", member: "PropertiesChanged",
                                                          pathNamespace: "/org/bluez"))
        return Recorder.start(stream)
    }

    /// Starts discovery and waits for the cuff's InterfacesAdded.
    func discover() async throws {
        let added = try await client.subscribe(MatchRule(interface: "org.freedesktop.DBus.ObjectManager", member: "InterfacesAdded",
                                                         pathNamespace: "/"))
        try await call("/org/bluez/hci0", BlueZInterface.adapter, "StartDiscovery")
        _ = try await next(added, "cuff InterfacesAdded") { $0.arguments.first?.objectPath?.rawValue == cuffPath }
    }
}

extension SimBus {
    /// Connects a device and waits for ServicesResolved=true (Connect replies before service discovery).
    func connectAndResolve(_ path: String) async throws {
        let changes = try await propertyChanges()
        try await call(path, BlueZInterface.device, "Connect")
        try await waitForProperty(changes, path: path, "ServicesResolved", .boolean(true))
    }

    /// Waits for a PropertiesChanged on `path` setting `name` to `value`.
    func waitForProperty(_ changes: Recorder<DBusSignal>, path: String, _ name: String, _ value: DBusValue) async throws {
        var index = 0
        while let signal = try await changes.element(index, within: 10) {
            index += 1
            if signal.path.rawValue == path, signal.arguments.count > 1,
               signal.arguments[1].variantDict?[name]?.unwrapped == value { return }
        }
        throw TimedOut(what: "\(name) = \(value) on \(path)")
    }
}

extension MatchRule {
    init(interface: String, member: String, pathNamespace: String) {
        self.init(pathNamespace: ObjectPath(stringLiteral: pathNamespace), interface: interface, member: member)
    }
}
