import TestSupport
import BlueZSim
import DBus
import Foundation
import Testing

/// An Agent1 exported by the test: answers RequestPasskey with `passkey`, records every call.
final class TestAgent: Sendable {
    let calls: Recorder<String>
    let object: DBusObject
    private let continuation: AsyncStream<String>.Continuation

    init(path: ObjectPath = "/test/agent", passkey: UInt32) {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        self.continuation = continuation
        calls = Recorder.start(stream)
        func record(_ name: String, out: [(String, Signature)] = [], in inArgs: [(String, Signature)] = [],
                    _ reply: [DBusValue] = []) -> DBusMethod {
            DBusMethod(name: name, in: inArgs, out: out) { call in
                continuation.yield("\(name) \(call.arguments.first?.objectPath?.rawValue ?? "")")
                return reply
            }
        }
        object = DBusObject(path: path, interfaces: [DBusInterface(name: BlueZInterface.agent, methods: [
            record("Release"), record("Cancel"),
            record("RequestPasskey", out: [("passkey", "u")], in: [("device", "o")], [.uint32(passkey)]),
            record("DisplayPasskey", in: [("device", "o"), ("passkey", "u"), ("entered", "q")]),
            record("RequestConfirmation", in: [("device", "o"), ("passkey", "u")]),
            record("RequestAuthorization", in: [("device", "o")]),
        ])])
    }
}

@Suite("bluez-sim on a private dbus-daemon", .serialized)
struct SimBusTests {
    @Test("GetManagedObjects: every object with Introspectable/Properties, bluetoothd's property types")
    func managedObjects() async throws {
        try await SimBus.run { sim in
            try await sim.discover()
            let reply = try await sim.client.call(destination: "org.bluez", path: "/", interface: "org.freedesktop.DBus.ObjectManager",
                                                  method: "GetManagedObjects", expecting: "a{oa{sa{sv}}}")
            var objects: [String: [String: [String: DBusValue]]] = [:]
            for entry in reply.first?.dictEntries ?? [] {
                guard let path = entry.key.objectPath?.rawValue else { continue }
                var interfaces: [String: [String: DBusValue]] = [:]
                for interface in entry.value.dictEntries ?? [] {
                    interfaces[interface.key.string ?? ""] = interface.value.variantDict ?? [:]
                }
                objects[path] = interfaces
            }
            #expect(objects["/org/bluez"]?.keys.sorted() == [BlueZInterface.agentManager, BlueZInterface.profileManager,
                                                             "org.freedesktop.DBus.Introspectable", "org.freedesktop.DBus.Properties"])
            #expect(objects["/org/bluez/hci0"]?["org.freedesktop.DBus.Properties"] == [:])
            let device = try #require(objects[cuffPath]?[BlueZInterface.device])
            #expect(device["RSSI"]?.unwrapped.signature == "n")
            #expect(device["Adapter"]?.unwrapped.signature == "o")
            #expect(device["UUIDs"]?.unwrapped.signature == "as")
            #expect(device["Name"] == nil || device["Name"]?.unwrapped.signature == "s")
            let adapter = try #require(objects["/org/bluez/hci0"]?[BlueZInterface.adapter])
            #expect(adapter["Class"]?.unwrapped.signature == "u" && adapter["Powered"]?.unwrapped == .boolean(true))

            try await sim.connectAndResolve(cuffPath)
            #expect(try await sim.property(bpmPath, BlueZInterface.characteristic, "Handle") == .uint16(0x000d))
            #expect(try await sim.property(bpmPath, BlueZInterface.characteristic, "Flags") == .strings(["indicate"]))
            #expect(try await sim.property(bpmPath + "/desc000f", BlueZInterface.descriptor, "UUID")
                    == .string("00002902-0000-1000-8000-00805f9b34fb"))
        }
    }

    @Test("errors on the wire carry bluetoothd's names and messages")
    func errors() async throws {
        try await SimBus.run { sim in
            try await sim.discover()
            #expect(await sim.error("/org/bluez/hci0", BlueZInterface.adapter, "StartDiscovery")
                    == .remote(name: "org.bluez.Error.InProgress", message: "Operation already in progress"))
            let other = try await DBusConnection.connect(address: sim.bus.address)
            defer { other.close() }
            #expect(await sim.error("/org/bluez/hci0", BlueZInterface.adapter, "StopDiscovery", on: other)
                    == .remote(name: "org.bluez.Error.Failed", message: "No discovery started"))
            #expect(await sim.error(cuffPath, BlueZInterface.device, "Disconnect")
                    == .remote(name: "org.bluez.Error.NotConnected", message: "Not Connected"))
            #expect(await sim.error("/org/bluez/hci0", BlueZInterface.adapter, "SetDiscoveryFilter",
                                    [.stringVariantDict(["RSSI": .variant(.int32(-60))])])
                    == .remote(name: "org.bluez.Error.InvalidArguments", message: "Invalid arguments in method call"))
            #expect(await sim.error("/org/bluez", BlueZInterface.agentManager, "RequestDefaultAgent", [.objectPath("/nope")])
                    == .remote(name: "org.bluez.Error.DoesNotExist", message: "Does Not Exist"))
            let readOnly = await sim.error("/org/bluez/hci0", "org.freedesktop.DBus.Properties", "Set",
                                           [.string(BlueZInterface.adapter), .string("Address"), .variant(.string("x"))])
            #expect(readOnly == .remote(name: "org.freedesktop.DBus.Error.PropertyReadOnly", message: "Property 'Address' is not writable"))
            try await sim.connectAndResolve(cuffPath)
            #expect(await sim.error(bpmPath, BlueZInterface.characteristic, "ReadValue", [.stringVariantDict([:])])
                    == .remote(name: "org.bluez.Error.NotPermitted", message: "Read not permitted"))
        }
    }

    /// bluetoothd's texts come from libdbus (recorded from libdbus 1.14.10 with a gdbus-like peer).
    @Test("calls nobody handles: UnknownObject / UnknownMethod with libdbus's exact text, as from bluetoothd")
    func unhandledCalls() async throws {
        try await SimBus.run { sim in
            let text = { (method: String, signature: String, interface: String) in
                "Method \"\(method)\" with signature \"\(signature)\" on interface \"\(interface)\" doesn't exist\n"
            }
            #expect(await sim.error("/org/bluez/hci0/dev_00_11_22_33_44_55", BlueZInterface.device, "Connect")
                    == .remote(name: "org.freedesktop.DBus.Error.UnknownObject", message: text("Connect", "", BlueZInterface.device)))
            #expect(await sim.error("/org/bluez/hci0", BlueZInterface.device, "Connect")
                    == .remote(name: "org.freedesktop.DBus.Error.UnknownMethod", message: text("Connect", "", BlueZInterface.device)))
            #expect(await sim.error("/org", BlueZInterface.device, "Pair")
                    == .remote(name: "org.freedesktop.DBus.Error.UnknownMethod", message: text("Pair", "", BlueZInterface.device)))
            #expect(await sim.error("/org/bluez/hci0", "org.freedesktop.DBus.Properties", "Frob", [.string("x")])
                    == .remote(name: "org.freedesktop.DBus.Error.UnknownMethod", message: text("Frob", "s", "org.freedesktop.DBus.Properties")))
        }
    }

    @Test("a client leaving the bus loses its discovery session (Discovering goes false)")
    func clientLeaves() async throws {
        try await SimBus.run { sim in
            let scanner = try await DBusConnection.connect(address: sim.bus.address)
            let changes = try await sim.propertyChanges()
            try await sim.call("/org/bluez/hci0", BlueZInterface.adapter, "StartDiscovery", on: scanner)
            scanner.close()
            try await sim.waitForProperty(changes, path: "/org/bluez/hci0", "Discovering", .boolean(true))
            try await sim.waitForProperty(changes, path: "/org/bluez/hci0", "Discovering", .boolean(false))
            #expect(try await sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Discovering") == .boolean(false))
        }
    }

    @Test("Pair() asks the default Agent1 for the passkey; indications follow StartNotify, one signal per reading")
    func pairAndNotify() async throws {
        try await SimBus.run { sim in
            let agentConnection = try await DBusConnection.connect(address: sim.bus.address)
            defer { agentConnection.close() }
            let agent = TestAgent(passkey: 123_456)
            try agentConnection.export(agent.object)
            try await sim.call("/org/bluez", BlueZInterface.agentManager, "RegisterAgent", [.objectPath("/test/agent"), .string("KeyboardDisplay")],
                               on: agentConnection)
            try await sim.call("/org/bluez", BlueZInterface.agentManager, "RequestDefaultAgent", [.objectPath("/test/agent")], on: agentConnection)
            try await sim.discover()
            try await sim.call(cuffPath, BlueZInterface.device, "Pair")
            #expect(try await agent.calls.element(0, within: 10) == "RequestPasskey \(cuffPath)")
            #expect(try await sim.property(cuffPath, BlueZInterface.device, "Paired") == .boolean(true))
            #expect(try await sim.property(cuffPath, BlueZInterface.device, "ServicesResolved") == .boolean(true))

            let values = try await sim.client.subscribe(MatchRule(path: ObjectPath(stringLiteral: bpmPath),
                                                                  interface: "org.freedesktop.DBus.Properties", member: "PropertiesChanged"))
            let recorder = Recorder.start(values)
            try await sim.call(bpmPath, BlueZInterface.characteristic, "StartNotify")
            var received: [[UInt8]] = []
            var index = 0
            while received.count < 3, let signal = try await recorder.element(index, within: 10) {
                index += 1
                if let bytes = signal.arguments.count > 1 ? signal.arguments[1].variantDict?["Value"]?.bytes : nil { received.append(bytes) }
            }
            let bp1 = try #require(basicPayloads["bp-1"]).bytes
            let bp2 = try #require(basicPayloads["bp-2"]).bytes
            #expect(received == [bp1, bp2, bp1], "identical payloads are not deduplicated")
        }
    }

    @Test("ConnectDevice: UnknownMethod unless experimental; with it, the device is created and connected without a scan")
    func connectDevice() async throws {
        let args: [DBusValue] = [.stringVariantDict(["Address": .variant(.string("AA:BB:CC:DD:EE:01")),
                                                     "AddressType": .variant(.string("public"))])]
        try await SimBus.run { sim in
            #expect(await sim.error("/org/bluez/hci0", BlueZInterface.adapter, "ConnectDevice", args) == .remote(
                name: "org.freedesktop.DBus.Error.UnknownMethod",
                message: "Method \"ConnectDevice\" with signature \"a{sv}\" on interface \"org.bluez.Adapter1\" doesn't exist\n"))
        }
        let experimental = twoDevices.replacingOccurrences(of: #"{"peripherals""#, with: #"{"settings": {"experimental": true}, "peripherals""#)
        try await SimBus.run(experimental) { sim in
            let reply = try await sim.call("/org/bluez/hci0", BlueZInterface.adapter, "ConnectDevice", args)
            #expect(reply == [.objectPath(ObjectPath(stringLiteral: cuffPath))])
            #expect(try await sim.property(cuffPath, BlueZInterface.device, "Connected") == .boolean(true))
            #expect(await sim.error("/org/bluez/hci0", BlueZInterface.adapter, "ConnectDevice", args)
                    == .remote(name: "org.bluez.Error.AlreadyExists", message: "Already Exists"))
            #expect(await sim.error("/org/bluez/hci0", BlueZInterface.adapter, "ConnectDevice",
                                    [.stringVariantDict(["Address": .variant(.string("AA:BB:CC:DD:EE:02"))])])
                    == .remote(name: "org.bluez.Error.InvalidArguments", message: "Invalid arguments in method call"))
        }
    }

    @Test("a clean bluez-sim stop sends Agent1.Release and releases org.bluez, like bluetoothd on SIGTERM")
    func releaseOnShutdown() async throws {
        let sim = try await SimBus.start()
        defer { sim.bus.stop() }
        let agentConnection = try await DBusConnection.connect(address: sim.bus.address)
        defer { agentConnection.close() }
        let agent = TestAgent(passkey: 1)
        try agentConnection.export(agent.object)
        try await sim.call("/org/bluez", BlueZInterface.agentManager, "RegisterAgent", [.objectPath("/test/agent"), .string("")],
                           on: agentConnection)
        await sim.server.stop()
        #expect(try await agent.calls.element(0, within: 10) == "Release ")
        sim.client.close()
    }

    @Test("RestartDaemon: Agent1.Release, org.bluez changes owner, the adapter comes back")
    func restart() async throws {
        try await SimBus.run { sim in
            let agentConnection = try await DBusConnection.connect(address: sim.bus.address)
            defer { agentConnection.close() }
            let agent = TestAgent(passkey: 1)
            try agentConnection.export(agent.object)
            try await sim.call("/org/bluez", BlueZInterface.agentManager, "RegisterAgent", [.objectPath("/test/agent"), .string("")],
                               on: agentConnection)
            let owners = sim.client.nameOwnerChanges("org.bluez")
            let recorder = Recorder.start(owners)
            let first = try await recorder.element(0, within: 10)
            let changes = try await sim.propertyChanges()
            _ = try await sim.client.call(destination: BlueZSimServer.controlName, path: "/", interface: BlueZSimServer.controlInterface,
                                          method: "RestartDaemon", arguments: [.boolean(false)])
            #expect(try await agent.calls.element(0, within: 10) == "Release ")
            #expect(try await recorder.element(1, within: 10) == .some(nil), "name released")
            let second = try await recorder.element(2, within: 10)
            #expect(second != nil && second != first, "a new bluetoothd has a new unique name")
            // The adapter is back and powered; the agent registration is gone, so registering again works.
            try await sim.waitForProperty(changes, path: "/org/bluez/hci0", "Powered", .boolean(true))
            #expect(try await sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Discovering") == .boolean(false))
            try await sim.call("/org/bluez", BlueZInterface.agentManager, "RegisterAgent", [.objectPath("/test/agent"), .string("")],
                               on: agentConnection)
        }
    }

    @Test("the shipped cuff-and-scale scenario starts from its file; GetState reports it")
    func shippedScenario() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let server = try await BlueZSimServer.start(scenarioFile: packageRoot + "/fixtures/scenarios/cuff-and-scale.json",
                                                    payloadDirectory: packageRoot + "/fixtures/payloads", busAddress: bus.address)
        let client = try await DBusConnection.connect(address: bus.address)
        let reply = try await client.call(destination: BlueZSimServer.controlName, path: "/", interface: BlueZSimServer.controlInterface,
                                          method: "GetState", expecting: "s")
        let state = try #require(reply.first?.string)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(state.utf8)) as? [String: Any])
        #expect(json["daemonRunning"] as? Bool == true)
        #expect((json["bluezOwner"] as? String)?.hasPrefix(":") == true)
        let devices = try #require(json["devices"] as? [[String: Any]])
        #expect(devices.map { $0["storedReadings"] as? Int } == [3, 2])
        client.close()
        await server.stop()
    }

    @Test("control interface: InjectFault rejects bad arguments with the JSON path")
    func controlErrors() async throws {
        try await SimBus.run { sim in
            do {
                _ = try await sim.client.call(destination: BlueZSimServer.controlName, path: "/", interface: BlueZSimServer.controlInterface,
                                              method: "InjectFault", arguments: [.string("bond-lost"), .string("{\"device\": \"nope\"}")])
                Issue.record("expected an error")
            } catch let error as DBusError {
                guard case .remote(let name, let message) = error else { throw error }
                #expect(name == "org.bluez.Error.InvalidArguments")
                #expect(message.contains("device") && message.contains("not a Bluetooth address"))
            }
        }
    }
}

@Suite("bluez-sim: state file", .serialized)
struct StateFileTests {
    @Test("a bond made in one bluez-sim run is there in the next run with the same --state-file")
    func bondSurvivesProcessRestart() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bluez-sim-state-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let bus = try PrivateBus()
        defer { bus.stop() }
        let first = try await BlueZSimServer.start(try loadScenario(twoDevices), busAddress: bus.address, stateFile: file)
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let sim = SimBus(bus: bus, server: first, client: client)
        try await sim.discover()
        try await sim.call(scalePath, BlueZInterface.device, "Pair")  // just-works
        try await sim.call(scalePath, "org.freedesktop.DBus.Properties", "Set",
                           [.string(BlueZInterface.device), .string("Alias"), .variant(.string("Bathroom scale"))])
        await first.stop()
        let stored = try JSONDecoder().decode([StoredDevice].self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(stored.map(\.address) == ["AA:BB:CC:DD:EE:02"] && stored.first?.paired == true)

        let second = try await BlueZSimServer.start(try loadScenario(twoDevices), busAddress: bus.address, stateFile: file)
        let again = SimBus(bus: bus, server: second, client: client)
        #expect(try await again.property(scalePath, BlueZInterface.device, "Paired") == .boolean(true))
        #expect(try await again.property(scalePath, BlueZInterface.device, "Alias") == .string("Bathroom scale"))
        #expect(try await again.property(scalePath, BlueZInterface.device, "Connected") == .boolean(false))
        await second.stop()
    }

    @Test("a state file that is not one is rejected with its path")
    func badStateFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bluez-sim-state-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("{\"nope\": 1}".utf8).write(to: URL(fileURLWithPath: file))
        let bus = try PrivateBus()
        defer { bus.stop() }
        await #expect(throws: ScenarioError.self) {
            let server = try await BlueZSimServer.start(try loadScenario(twoDevices), busAddress: bus.address, stateFile: file)
            await server.stop()
        }
    }
}
