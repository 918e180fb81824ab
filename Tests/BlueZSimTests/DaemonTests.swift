import TestSupport
import BlueZSim
import Testing

@Suite("Simulation: bluetoothd restart and adapter removal")
struct DaemonTests {
    @Test("clean restart: Agent1.Release, InterfacesRemoved child-first, name gone, then back with stored devices only")
    func restart() throws {
        let h = try discovered()
        h.call(.registerAgent(path: "/agent", capability: ""), "/org/bluez", sender: ":1.10")
        h.call(.pair, scalePath, sender: ":1.10", wait: .milliseconds(300))
        h.call(.startNotify, cuffPath + "/service000c/char000d", sender: ":1.10")
        let mark = h.log.count
        h.sim.restartDaemon(crash: false)
        h.collect()
        let stopped = h.since(mark)
        #expect(stopped.first.map { if case .agentCall(let call) = $0 { call.method == "Release" } else { false } } == true)
        let removed = stopped.compactMap { if case .interfacesRemoved(let path, _) = $0 { path } else { nil } }
        #expect(removed.last == "/org/bluez")
        #expect(removed.firstIndex(of: scalePath)! < removed.firstIndex(of: "/org/bluez/hci0")!)
        #expect(stopped.last.map { if case .daemonStopped(crash: false) = $0 { true } else { false } } == true)
        #expect(h.sim.objects.isEmpty)
        h.advance(.milliseconds(300))
        #expect(h.log.contains(.daemonStarted))
        #expect(h.sim.objects[scalePath]?[BlueZInterface.device]?["Paired"] == .bool(true), "bonded scale is stored")
        #expect(h.sim.objects[scalePath]?[BlueZInterface.device]?["Connected"] == .bool(false))
        #expect(h.sim.objects[scalePath + "/service000c"] == nil, "no GATT objects until the next resolution")
        #expect(h.sim.objects[cuffPath] == nil, "temporary devices are gone")
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Powered") == .bool(true))
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Discovering") == .bool(false))
        // The agent registration is gone: the same client can register again.
        #expect(succeeded(h.call(.registerAgent(path: "/agent", capability: ""), "/org/bluez", sender: ":1.10")))
    }

    @Test("crash: no InterfacesRemoved, pending calls dropped, name back later")
    func crash() throws {
        let h = try discovered()
        let mark = h.log.count
        h.sim.restartDaemon(crash: true)
        h.collect()
        #expect(!h.since(mark).contains { if case .interfacesRemoved = $0 { true } else { false } })
        #expect(h.since(mark).contains(.daemonStopped(crash: true)))
        #expect(error(h.call(.startDiscovery, "/org/bluez/hci0"))?.name == "org.freedesktop.DBus.Error.UnknownObject")
        h.advance(.seconds(1))
        #expect(h.sim.isDaemonRunning)
    }

    @Test("adapter removal: InterfacesRemoved for every child then hci0; returns as hci1 with stored devices")
    func adapterRemoval() throws {
        let h = try discovered()
        h.call(.pair, scalePath, wait: .milliseconds(300))
        let mark = h.log.count
        h.sim.removeAdapter("hci0", returnAfterMs: 1000, returnAs: "hci1")
        h.collect()
        let removed = h.since(mark).compactMap { if case .interfacesRemoved(let path, _) = $0 { path } else { nil } }
        #expect(removed.last == "/org/bluez/hci0" && removed.contains(scalePath) && removed.contains(cuffPath))
        #expect(h.sim.objects.keys.sorted() == ["/org/bluez"])
        h.advance(.milliseconds(1100))
        #expect(h.sim.property("/org/bluez/hci1", BlueZInterface.adapter, "Powered") == .bool(true))
        #expect(h.sim.objects["/org/bluez/hci1/dev_AA_BB_CC_DD_EE_02"] != nil)
        #expect(h.sim.path(of: scale) == "/org/bluez/hci1/dev_AA_BB_CC_DD_EE_02")
    }
}

@Suite("Simulation: leftover state at start")
struct LeftoverTests {
    @Test("connectedAtStart: the device is connected and resolved before any client; Connect succeeds, Disconnect works")
    func leftoverConnection() throws {
        let h = try Harness("""
        {"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "connectedAtStart": true, "readings": [{"fixture": "bp-1"}]}]}
        """)
        h.advance(.milliseconds(5))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "Connected") == .bool(true))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "ServicesResolved") == .bool(true))
        #expect(h.sim.objects[bpmPath] != nil)
        #expect(!h.sim.isAdvertising(cuff), "connected peripherals do not advertise")
        #expect(succeeded(h.call(.connect, cuffPath)))
        #expect(succeeded(h.call(.disconnect, cuffPath)))
        #expect(h.sim.isAdvertising(cuff))
    }
}

@Suite("Simulation: stuck controller")
struct StuckControllerTests {
    @Test("controller-stuck: adverts stop, StartDiscovery InProgress, StopDiscovery Failed, until a power cycle")
    func stuck() throws {
        let h = try discovered()
        var fault = FaultSpec(kind: .controllerStuck)
        fault.adapter = "hci0"
        h.sim.inject(fault)
        let mark = h.log.count
        h.advance(.seconds(2))
        #expect(!h.since(mark).contains { if case .propertiesChanged(cuffPath, BlueZInterface.device, _, _) = $0 { true } else { false } },
                "no more RSSI updates")
        #expect(error(h.call(.startDiscovery, "/org/bluez/hci0", sender: ":1.40")) == .busy)
        #expect(error(h.call(.stopDiscovery, "/org/bluez/hci0", sender: ":1.5"))?.name == "org.bluez.Error.Failed")
        h.call(.setProperty(interface: BlueZInterface.adapter, name: "Powered", value: .bool(false)), "/org/bluez/hci0")
        h.call(.setProperty(interface: BlueZInterface.adapter, name: "Powered", value: .bool(true)), "/org/bluez/hci0")
        #expect(succeeded(h.call(.startDiscovery, "/org/bluez/hci0", sender: ":1.40", wait: .milliseconds(10))))
        let after = h.log.count
        h.advance(.seconds(1))
        #expect(h.since(after).contains { if case .propertiesChanged(cuffPath, BlueZInterface.device, _, _) = $0 { true } else { false } })
    }
}
