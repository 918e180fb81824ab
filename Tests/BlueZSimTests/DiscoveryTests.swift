import TestSupport
import BlueZSim
import Testing

@Suite("Simulation: objects and discovery")
struct DiscoveryTests {
    @Test("startup exports /org/bluez and hci0 with bluetoothd's property types, Powered false then true")
    func startup() throws {
        let h = try Harness(twoDevices)
        #expect(h.log.first == .daemonStarted)
        #expect(h.sim.objects["/org/bluez"]?.keys.sorted() == [BlueZInterface.agentManager, BlueZInterface.profileManager])
        guard case .interfacesAdded("/org/bluez/hci0", let interfaces) = h.log[2] else {
            Issue.record("expected hci0 InterfacesAdded, got \(h.log[2])")
            return
        }
        let adapter = try #require(interfaces[BlueZInterface.adapter])
        #expect(adapter["Powered"] == .bool(false))
        let types = adapter.mapValues(\.signature)
        #expect(types["Address"] == "s" && types["Class"] == "u" && types["Roles"] == "as" && types["Discovering"] == "b")
        #expect(types["DiscoverableTimeout"] == "u" && types["PowerState"] == "s")
        h.advance(.milliseconds(5))
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Powered") == .bool(true))
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Roles") == .strings(["central", "peripheral"]))
        // Nothing discovered yet: devices appear only while some client discovers.
        #expect(h.sim.objects[cuffPath] == nil)
    }

    @Test("StartDiscovery: delayed reply, Discovering, devices appear with advert properties; second call InProgress")
    func startDiscovery() throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        let mark = h.log.count
        let id = h.sim.handle(.startDiscovery, path: "/org/bluez/hci0", sender: ":1.10")
        h.collect()
        #expect(h.reply(id) == nil, "reply only once the scan started")
        h.advance(.milliseconds(10))
        #expect(succeeded(h.reply(id)))
        let effects = h.since(mark)
        let replyIndex = try #require(effects.firstIndex(of: .reply(id, .success([]))))
        let discovering = try #require(effects.firstIndex(of: .propertiesChanged(path: "/org/bluez/hci0", interface: BlueZInterface.adapter,
                                                                                 changed: ["Discovering": .bool(true)], invalidated: [])))
        #expect(replyIndex < discovering)
        let device = try #require(h.sim.objects[cuffPath]?[BlueZInterface.device])
        #expect(device["RSSI"]?.signature == "n")
        #expect(device["Alias"] == .string("Cuff"))
        #expect(device["Adapter"] == .objectPath("/org/bluez/hci0"))
        #expect(device["UUIDs"] == .strings(["00001810-0000-1000-8000-00805f9b34fb"]))
        #expect(device["Connected"] == .bool(false) && device["ServicesResolved"] == .bool(false))
        let scaleDevice = try #require(h.sim.objects[scalePath]?[BlueZInterface.device])
        #expect(scaleDevice["Alias"] == .string("AA-BB-CC-DD-EE-02"), "no name: alias is the dashed address")
        #expect(scaleDevice["Name"] == nil)

        #expect(error(h.call(.startDiscovery, "/org/bluez/hci0")) == SimError(name: "org.bluez.Error.InProgress", message: "Operation already in progress"))
        #expect(succeeded(h.call(.startDiscovery, "/org/bluez/hci0", sender: ":1.11")), "another client shares the scan")
    }

    @Test("StopDiscovery: per client, Failed without a session, last one stops and invalidates RSSI")
    func stopDiscovery() throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        #expect(error(h.call(.stopDiscovery, "/org/bluez/hci0")) == .failed("No discovery started"))
        h.call(.startDiscovery, "/org/bluez/hci0", sender: ":1.10", wait: .milliseconds(10))
        h.call(.startDiscovery, "/org/bluez/hci0", sender: ":1.11")
        #expect(succeeded(h.call(.stopDiscovery, "/org/bluez/hci0", sender: ":1.10")))
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Discovering") == .bool(true))
        let mark = h.log.count
        #expect(succeeded(h.call(.stopDiscovery, "/org/bluez/hci0", sender: ":1.11")))
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Discovering") == .bool(false))
        #expect(h.since(mark).contains(.propertiesChanged(path: cuffPath, interface: BlueZInterface.device, changed: [:], invalidated: ["RSSI"])))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "RSSI") == nil)
    }

    @Test("UUID filter: OR-merged across clients; a pre-set filter applies at start")
    func uuidFilter() throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        h.call(.setDiscoveryFilter(["UUIDs": .strings(["0000181d-0000-1000-8000-00805f9b34fb"]), "Transport": .string("le")]), "/org/bluez/hci0")
        h.call(.startDiscovery, "/org/bluez/hci0", wait: .milliseconds(10))
        #expect(h.sim.objects[scalePath] != nil)
        #expect(h.sim.objects[cuffPath] == nil)
        // A second client without a UUID filter makes everything visible to everyone.
        h.call(.startDiscovery, "/org/bluez/hci0", sender: ":1.20")
        #expect(h.sim.objects[cuffPath] != nil)
    }

    @Test("SetDiscoveryFilter type checking", arguments: [
        ["RSSI": SimValue.int32(-70)], ["Transport": .string("usb")], ["Colour": .string("red")],
        ["UUIDs": .strings(["not-a-uuid"])], ["RSSI": .int16(-70), "Pathloss": .uint16(10)],
    ])
    func filterErrors(_ filter: [String: SimValue]) throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        #expect(error(h.call(.setDiscoveryFilter(filter), "/org/bluez/hci0")) == .invalidArguments)
    }

    @Test("temporary devices vanish TemporaryTimeout after their last advert")
    func temporaryTimeout() throws {
        let h = try Harness("""
        {"settings": {"temporaryTimeoutMs": 30000},
         "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "advertising": [{"startMs": 0, "durationMs": 5000}]}]}
        """)
        h.advance(.milliseconds(5))
        h.call(.startDiscovery, "/org/bluez/hci0", wait: .milliseconds(10))
        #expect(h.sim.objects[cuffPath] != nil)
        h.advance(.seconds(30))
        #expect(h.sim.objects[cuffPath] != nil, "30 s after the window closed at 5 s is 35 s")
        h.advance(.seconds(6))
        #expect(h.sim.objects[cuffPath] == nil)
        #expect(h.log.contains(.interfacesRemoved(path: cuffPath, interfaces: [BlueZInterface.device])))
    }

    @Test("a client leaving the bus loses its discovery session")
    func clientVanishes() throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        h.call(.startDiscovery, "/org/bluez/hci0", wait: .milliseconds(10))
        h.sim.clientVanished(":1.10")
        h.collect()
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Discovering") == .bool(false))
        #expect(succeeded(h.call(.startDiscovery, "/org/bluez/hci0", wait: .milliseconds(10))))
    }

    @Test("unknown object, unknown method, read-only and unknown properties answer like gdbus")
    func genericErrors() throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        #expect(error(h.call(.connect, "/org/bluez/hci0/dev_00_00_00_00_00_00")) == SimError(
            name: "org.freedesktop.DBus.Error.UnknownObject",
            message: "Method \"Connect\" with signature \"\" on interface \"org.bluez.Device1\" doesn't exist\n"))
        #expect(error(h.call(.connect, "/org/bluez/hci0"))?.name == "org.freedesktop.DBus.Error.UnknownMethod")
        #expect(error(h.call(.setProperty(interface: BlueZInterface.adapter, name: "Address", value: .string("x")), "/org/bluez/hci0"))
                == .propertyReadOnly("Address"))
        #expect(error(h.call(.setProperty(interface: BlueZInterface.adapter, name: "Colour", value: .string("x")), "/org/bluez/hci0"))?.name
                == "org.freedesktop.DBus.Error.UnknownProperty")
        #expect(succeeded(h.call(.setProperty(interface: BlueZInterface.adapter, name: "Alias", value: .string("hub")), "/org/bluez/hci0")))
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Alias") == .string("hub"))
    }

    @Test("Powered=false makes discovery NotReady")
    func poweredOff() throws {
        let h = try Harness(twoDevices)
        h.advance(.milliseconds(5))
        h.call(.setProperty(interface: BlueZInterface.adapter, name: "Powered", value: .bool(false)), "/org/bluez/hci0")
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "PowerState") == .string("off"))
        #expect(error(h.call(.startDiscovery, "/org/bluez/hci0")) == .notReady)
    }
}
