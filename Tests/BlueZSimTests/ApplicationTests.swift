import TestSupport
import BlueZSim
import DBus
import Testing

@Suite("GattManager1: RegisterApplication / UnregisterApplication")
struct ApplicationTests {
    static let cts: [String: [String: [String: SimValue]]] = [
        "/app/service0": [BlueZInterface.service: ["UUID": .string("00001805-0000-1000-8000-00805f9b34fb"), "Primary": .bool(true)]],
        "/app/service0/char0": [BlueZInterface.characteristic: ["UUID": .string("00002a2b-0000-1000-8000-00805f9b34fb"),
                                                                "Service": .objectPath("/app/service0"),
                                                                "Flags": .strings(["read", "notify"])]],
    ]

    /// The `.readApplication` request of `call` (the façade would now read the app's ObjectManager).
    static func readRequest(_ h: Harness, _ call: CallID) -> (owner: String, path: String)? {
        for effect in h.log { if case .readApplication(call, let owner, let path) = effect { return (owner, path) } }
        return nil
    }

    @Test("the app's objects are read before the reply; duplicates AlreadyExists; Unregister; DoesNotExist after")
    func registration() throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        let call = h.sim.handle(.registerApplication(path: "/app", options: [:]), path: "/org/bluez/hci0", sender: ":1.10")
        h.collect()
        let request = try #require(Self.readRequest(h, call))
        #expect(request.owner == ":1.10" && request.path == "/app")
        #expect(h.reply(call) == nil, "no reply before the application answered")
        #expect(error(h.call(.registerApplication(path: "/app", options: [:]), "/org/bluez/hci0", sender: ":1.10")) == .alreadyExists)
        h.sim.applicationRead(call: call, objects: Self.cts)
        h.collect()
        #expect(succeeded(h.reply(call)))
        #expect(h.sim.registeredApplications(":1.10") == ["/app"])
        #expect(error(h.call(.registerApplication(path: "/app", options: [:]), "/org/bluez/hci0", sender: ":1.10")) == .alreadyExists)
        #expect(succeeded(h.call(.unregisterApplication("/app"), "/org/bluez/hci0", sender: ":1.10")))
        #expect(error(h.call(.unregisterApplication("/app"), "/org/bluez/hci0", sender: ":1.10")) == .doesNotExist)
    }

    @Test("bad applications are refused with gatt-database.c's messages", arguments: [
        ([:], "No valid service object found"),
        (["/app/char": [BlueZInterface.characteristic: ["UUID": .string("2a2b")]],
          "/app/s": [BlueZInterface.service: ["UUID": .string("1805")]]], "Failed to create entry in database"),
    ] as [([String: [String: [String: SimValue]]], String)])
    func refused(objects: [String: [String: [String: SimValue]]], message: String) throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        let call = h.sim.handle(.registerApplication(path: "/app", options: [:]), path: "/org/bluez/hci0", sender: ":1.10")
        h.sim.applicationRead(call: call, objects: objects)
        h.collect()
        #expect(error(h.reply(call)) == .failed(message))
        #expect(h.sim.registeredApplications(":1.10").isEmpty)
    }

    @Test("an application whose owner leaves the bus is unregistered")
    func ownerLeaves() throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        let call = h.sim.handle(.registerApplication(path: "/app", options: [:]), path: "/org/bluez/hci0", sender: ":1.10")
        h.sim.applicationRead(call: call, objects: Self.cts)
        h.sim.clientVanished(":1.10")
        #expect(h.sim.registeredApplications(":1.10").isEmpty)
    }

    @Test("over the bus: bluez-sim reads the app's ObjectManager and registers it")
    func overTheBus() async throws {
        try await SimBus.run { sim in
            let app = try await DBusConnection.connect(address: sim.bus.address)
            defer { app.close() }
            let manager = try DBusObjectManager(connection: app, root: "/app")
            try manager.add(DBusObject(path: "/app/service0", interfaces: [DBusInterface(name: BlueZInterface.service, properties: [
                DBusProperty(name: "UUID", signature: "s", access: .read, initial: .string("00001805-0000-1000-8000-00805f9b34fb")),
                DBusProperty(name: "Primary", signature: "b", access: .read, initial: .boolean(true)),
            ])]))
            try manager.add(DBusObject(path: "/app/service0/char0", interfaces: [DBusInterface(name: BlueZInterface.characteristic, properties: [
                DBusProperty(name: "UUID", signature: "s", access: .read, initial: .string("00002a2b-0000-1000-8000-00805f9b34fb")),
                DBusProperty(name: "Service", signature: "o", access: .read, initial: .objectPath("/app/service0")),
                DBusProperty(name: "Flags", signature: "as", access: .read, initial: .strings(["read", "notify"])),
            ])]))
            let args: [DBusValue] = [.objectPath("/app"), .stringVariantDict([:])]
            try await sim.call("/org/bluez/hci0", BlueZInterface.gattManager, "RegisterApplication", args, on: app)
            #expect(await sim.server.withSimulation { $0.registeredApplications(app.uniqueName) } == ["/app"])
            #expect(await sim.error("/org/bluez/hci0", BlueZInterface.gattManager, "RegisterApplication", args, on: app)
                    == .remote(name: "org.bluez.Error.AlreadyExists", message: "Already Exists"))
            // A client without any objects at the path: nothing valid to serve.
            #expect(await sim.error("/org/bluez/hci0", BlueZInterface.gattManager, "RegisterApplication", args)
                    == .remote(name: "org.bluez.Error.Failed", message: "Failed to read application"))
        }
    }
}
