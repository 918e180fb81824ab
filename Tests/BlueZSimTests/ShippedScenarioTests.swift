import TestSupport
import BlueZSim
import Foundation
import Testing

/// The shipped scenarios, run on virtual time: what a hub test will meet when it uses them.
@Suite("Shipped scenarios on virtual time")
struct ShippedScenarioTests {
    static func harness(_ name: String) throws -> Harness {
        let payloads = try PayloadLibrary.load(directory: packageRoot + "/fixtures/payloads")
        let loaded = try ScenarioLoader.load(file: packageRoot + "/fixtures/scenarios/\(name).json", payloads: payloads)
        return Harness(loaded)
    }

    @Test("faults.json: abort, late services, time write, burst + disconnect, bond lost, restart at 20 s, hci0 → hci1 at 40 s")
    func faultsTimeline() throws {
        let h = try Self.harness("faults")
        h.advance(.milliseconds(5))
        h.call(.registerAgent(path: "/agent", capability: "KeyboardDisplay"), "/org/bluez")
        h.call(.startDiscovery, "/org/bluez/hci0", wait: .milliseconds(10))
        #expect(error(h.call(.connect, cuffPath, wait: .milliseconds(100))) == .failed("le-connection-abort-by-local"))
        #expect(succeeded(h.call(.connect, cuffPath, wait: .milliseconds(100))))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "ServicesResolved") == .bool(false), "services-delay 2 s")
        h.advance(.seconds(2))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "ServicesResolved") == .bool(true))
        h.call(.startNotify, bpmPath, wait: .milliseconds(50))
        #expect(h.values(at: bpmPath).isEmpty, "timeWriteRequired")
        h.call(.writeValue([0xEA, 0x07, 11, 23, 8, 0, 0], [:]), cuffPath + "/service000c/char0015", wait: .milliseconds(300))
        #expect(h.values(at: bpmPath).count == 2)
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "Connected") == .bool(false), "disconnect after burst")

        // The paired scale advertises from 5 s; its bond is lost on the peripheral side.
        h.advance(.seconds(5))
        #expect(error(h.call(.connect, scalePath, wait: .milliseconds(100))) == .failed("le-connection-key-missing"))

        let beforeRestart = h.log.count
        h.advance(.seconds(14))
        #expect(h.since(beforeRestart).contains(.daemonStopped(crash: false)))
        #expect(h.since(beforeRestart).contains(.daemonStarted))
        #expect(h.agentCalls.contains { $0.method == "Release" })
        #expect(h.sim.objects[cuffPath]?[BlueZInterface.device]?["Connected"] == .bool(false), "connected once: stored")
        #expect(h.sim.objects[bpmPath] == nil, "no GATT objects after a restart")

        h.advance(.seconds(20))
        #expect(h.sim.objects["/org/bluez/hci0"] == nil)
        h.advance(.seconds(4))
        #expect(h.sim.property("/org/bluez/hci1", BlueZInterface.adapter, "Powered") == .bool(true))
        #expect(h.sim.path(of: scale) == "/org/bluez/hci1/dev_AA_BB_CC_DD_EE_02")
    }

    @Test("neighbour-scale.json: the neighbour's scale advertises in windows with a weak RSSI")
    func neighbour() throws {
        let h = try Self.harness("neighbour-scale")
        h.advance(.milliseconds(5))
        h.call(.startDiscovery, "/org/bluez/hci0", wait: .milliseconds(10))
        let neighbour = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_03"
        #expect(h.sim.property(neighbour, BlueZInterface.device, "Alias") == .string("SIM-Scale"))
        #expect((h.sim.property(neighbour, BlueZInterface.device, "RSSI")?.int16Value ?? 0) <= -88)
        h.advance(.seconds(25))
        #expect(!h.sim.isAdvertising(BluetoothAddress("AA:BB:CC:DD:EE:03")!))
        #expect(h.sim.isAdvertising(scale))
    }

    @Test("load.json: subscribing starts 1000 indications at 200 Hz instead of the stored burst")
    func load() throws {
        let h = try Self.harness("load")
        h.advance(.milliseconds(5))
        h.call(.startDiscovery, "/org/bluez/hci0", wait: .milliseconds(10))
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        let mark = h.log.count
        h.call(.startNotify, bpmPath, wait: .seconds(6))
        let sent = h.since(mark).compactMap { if case .indicationSent(_, _, let seq, true) = $0 { seq } else { nil } }
        #expect(sent == Array(0..<1000))
        #expect(h.values(at: bpmPath).count == 1000)
    }
}
