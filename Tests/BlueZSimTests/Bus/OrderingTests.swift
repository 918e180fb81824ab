import TestSupport
import BlueZSim
import DBus
import Testing

/// Replies and signals in the order a bus observer sees them, against bluetoothd's order
/// (api.md / checklist E and F: device.c, gatt-client.c).
@Suite("bluez-sim: reply/signal order on the wire", .serialized)
struct OrderingTests {
    static let device = "dev_AA_BB_CC_DD_EE_01"

    /// Index of the first label satisfying `predicate` (fails the test if none).
    static func index(_ labels: [String], _ what: String, _ predicate: (String) -> Bool) throws -> Int {
        let found = labels.firstIndex(where: predicate)
        return try #require(found, "no \(what) in \(labels)")
    }

    static func lastIndex(_ labels: [String], _ what: String, _ predicate: (String) -> Bool) throws -> Int {
        let found = labels.lastIndex(where: predicate)
        return try #require(found, "no \(what) in \(labels)")
    }

    @Test("Connect: Connected=true, the reply, InterfacesAdded of the GATT tree, then ServicesResolved=true")
    func connect() async throws {
        try await SimBus.run { sim in
            try await sim.discover()
            let monitor = try BusMonitor(address: sim.bus.address)
            defer { monitor.stop() }
            try await monitor.ready()
            try await sim.call(cuffPath, BlueZInterface.device, "Connect")
            try await monitor.wait(for: "ServicesResolved=true") { $0.hasPrefix("PC \(Self.device)") && $0.contains("ServicesResolved=true") }
            let labels = await monitor.snapshot
            let connected = try Self.index(labels, "Connected=true") { $0.hasPrefix("PC \(Self.device)") && $0.contains("Connected=true") }
            let reply = try Self.index(labels, "Connect reply") { $0 == "reply Connect" }
            let firstAdded = try Self.index(labels, "InterfacesAdded") { $0.hasPrefix("IA service") }
            let lastAdded = try Self.lastIndex(labels, "InterfacesAdded") { $0.hasPrefix("IA ") }
            let resolved = try Self.index(labels, "ServicesResolved") { $0.contains("ServicesResolved=true") }
            #expect(connected < reply && reply < firstAdded && lastAdded < resolved, "\(labels)")
        }
    }

    @Test("StartNotify: the reply, then Notifying=true, then one Value per stored reading")
    func startNotify() async throws {
        try await SimBus.run { sim in
            try await sim.discover()
            try await sim.connectAndResolve(cuffPath)
            let monitor = try BusMonitor(address: sim.bus.address)
            defer { monitor.stop() }
            try await monitor.ready()
            try await sim.call(bpmPath, BlueZInterface.characteristic, "StartNotify")
            try await monitor.wait(for: "three Values", count: 3) { $0.hasPrefix("PC char000d Value=") }
            let labels = await monitor.snapshot
            let reply = try Self.index(labels, "StartNotify reply") { $0 == "reply StartNotify" }
            let notifying = try Self.index(labels, "Notifying=true") { $0 == "PC char000d Notifying=true" }
            let firstValue = try Self.index(labels, "Value") { $0.hasPrefix("PC char000d Value=") }
            #expect(reply < notifying && notifying < firstValue, "\(labels)")
            #expect(labels.filter { $0.hasPrefix("PC char000d Value=") }.count == 3)
        }
    }

    @Test("Disconnect: ServicesResolved=false, Disconnected, Connected=false, then the reply")
    func disconnect() async throws {
        try await SimBus.run { sim in
            try await sim.discover()
            try await sim.connectAndResolve(cuffPath)
            let monitor = try BusMonitor(address: sim.bus.address)
            defer { monitor.stop() }
            try await monitor.ready()
            try await sim.call(cuffPath, BlueZInterface.device, "Disconnect")
            try await monitor.wait(for: "Disconnect reply") { $0 == "reply Disconnect" }
            let labels = await monitor.snapshot
            // Discovery is still running: adverts may add RSSI updates anywhere, so look at the link state only.
            let order = labels.filter {
                ($0.hasPrefix("PC \(Self.device)") && ($0.contains("Connected=") || $0.contains("ServicesResolved="))) || $0 == "signal Disconnected" || $0 == "reply Disconnect"
            }
            #expect(order == ["PC \(Self.device) ServicesResolved=false", "signal Disconnected",
                              "PC \(Self.device) Connected=false", "reply Disconnect"])
        }
    }

    @Test("Pair of an unconnected device: Connected=true, GATT discovery, Paired with ServicesResolved, then the reply")
    func pair() async throws {
        try await SimBus.run { sim in
            try await sim.discover()
            let monitor = try BusMonitor(address: sim.bus.address)
            defer { monitor.stop() }
            try await monitor.ready()
            let scale = "dev_AA_BB_CC_DD_EE_02"
            try await sim.call(scalePath, BlueZInterface.device, "Pair")
            try await monitor.wait(for: "Pair reply") { $0 == "reply Pair" }
            let labels = await monitor.snapshot
            let connected = try Self.index(labels, "Connected=true") { $0.hasPrefix("PC \(scale)") && $0.contains("Connected=true") }
            let paired = try Self.index(labels, "Paired=true") {
                $0.hasPrefix("PC \(scale)") && $0.contains("Paired=true") && $0.contains("ServicesResolved=true")
            }
            let reply = try Self.index(labels, "Pair reply") { $0 == "reply Pair" }
            let lastAdded = try Self.lastIndex(labels, "InterfacesAdded") { $0.hasPrefix("IA ") }
            #expect(connected < lastAdded && lastAdded < paired && paired < reply, "\(labels)")
        }
    }
}
