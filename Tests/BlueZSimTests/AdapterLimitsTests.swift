import TestSupport
import BlueZSim
import Testing

@Suite("Simulation: adapter limits, power and stale connects")
struct AdapterLimitsTests {
    @Test("maxConnections: one link too many fails le-connection-concurrent-connection-limit; a freed slot works")
    func connectionLimit() throws {
        let h = try discovered("""
        {"adapters": [{"name": "hci0", "maxConnections": 1}],
         "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff"}, {"address": "AA:BB:CC:DD:EE:02", "model": "scale"}]}
        """)
        #expect(succeeded(h.call(.connect, cuffPath, wait: .milliseconds(200))))
        #expect(error(h.call(.connect, scalePath, wait: .milliseconds(200)))
                == SimError(name: "org.bluez.Error.Failed", message: "le-connection-concurrent-connection-limit"))
        #expect(h.sim.property(scalePath, BlueZInterface.device, "Connected") == .bool(false))
        #expect(error(h.call(.pair, scalePath, wait: .milliseconds(200)))?.name == "org.bluez.Error.ConnectionAttemptFailed")
        #expect(succeeded(h.call(.disconnect, cuffPath)))
        #expect(succeeded(h.call(.connect, scalePath, wait: .milliseconds(200))))
    }

    @Test("Powered=false drops links (reason Local), stops discovery, fails pending calls; Powered=true restores")
    func powerCycle() throws {
        let h = try discovered("""
        {"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff"},
                         {"address": "AA:BB:CC:DD:EE:02", "model": "scale", "advertising": [{"startMs": 0, "durationMs": 20}]}]}
        """)
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        let pending = h.sim.handle(.connect, path: scalePath, sender: ":1.10")
        h.collect()
        let mark = h.log.count
        #expect(succeeded(h.call(.setProperty(interface: BlueZInterface.adapter, name: "Powered", value: .bool(false)), "/org/bluez/hci0")))
        #expect(h.reply(pending) == .failure(.notReady))
        #expect(h.since(mark).contains(.signal(path: cuffPath, interface: BlueZInterface.device, member: "Disconnected",
                                               arguments: [.string("org.bluez.Reason.Local"), .string("Connection terminated by local host")])))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "Connected") == .bool(false))
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "Discovering") == .bool(false))
        #expect(error(h.call(.connect, cuffPath)) == .notReady)
        #expect(error(h.call(.startDiscovery, "/org/bluez/hci0")) == .notReady)
        #expect(succeeded(h.call(.setProperty(interface: BlueZInterface.adapter, name: "Powered", value: .bool(true)), "/org/bluez/hci0")))
        #expect(h.sim.property("/org/bluez/hci0", BlueZInterface.adapter, "PowerState") == .string("on"))
        #expect(succeeded(h.call(.connect, cuffPath, wait: .milliseconds(200))))
    }

    @Test("a vanished client's pending Connect keeps InProgress until the attempt times out (settings.connectTimeoutMs)")
    func staleConnect() throws {
        let h = try discovered("""
        {"settings": {"connectTimeoutMs": 5000},
         "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "advertising": [{"startMs": 0, "durationMs": 20}]}]}
        """)
        h.advance(.milliseconds(30))
        h.sim.handle(.connect, path: cuffPath, sender: ":1.20")
        h.sim.clientVanished(":1.20")
        h.collect()
        #expect(error(h.call(.connect, cuffPath, sender: ":1.10")) == .inProgress)
        h.advance(.milliseconds(4900))
        #expect(error(h.call(.connect, cuffPath, sender: ":1.10")) == .inProgress, "bluetoothd keeps paging for the dead client")
        h.advance(.milliseconds(200))
        let retry = h.sim.handle(.connect, path: cuffPath, sender: ":1.10")
        h.collect()
        #expect(h.reply(retry) == nil, "a fresh attempt is pending, not InProgress")
    }
}
