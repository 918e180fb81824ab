import TestSupport
import BlueZ
import DBus
import Foundation
import GatewayStore
import HealthProfiles
import Testing

/// Every fault the simulator injects is survived; bond loss stops for good.
@Suite("Device sessions survive faults", .serialized)
struct SessionsFaultTests {
    /// A pre-bonded cuff that wants its clock set before it sends, then drops the link after the burst.
    static func cuffScenario(keepReadings: Bool = false, spacing: Int = 5, disconnectAfterBurst: Bool = true, readings: Int = 2) -> String {
        let list = (1...readings).map { "{\"fixture\": \"sim-bp-\($0)\"}" }.joined(separator: ", ")
        return """
            {"peripherals": [
              {"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "name": "SIM-Cuff", "paired": true,
               "pairing": {"method": "just-works"}, "readings": [\(list)], "timeWriteRequired": true,
               "indicationSpacingMs": \(spacing), \(disconnectAfterBurst ? "\"disconnectAfterBurstMs\": 200," : "")
               "keepReadings": \(keepReadings)}]}
            """
    }

    @Test("Connect abort, InProgress and late services: retried with backoff; the time write comes first; the burst ends the batch")
    func transientFaults() async throws {
        let sim = try await GatewaySim(json: Self.cuffScenario())
        defer { Task { await sim.stop() } }
        try await sim.inject("connect-abort-by-local", #"{"device": "AA:BB:CC:DD:EE:01", "count": 1}"#)
        try await sim.inject("connect-in-progress", #"{"device": "AA:BB:CC:DD:EE:01", "count": 1}"#)
        try await sim.inject("services-delay", #"{"device": "AA:BB:CC:DD:EE:01", "delayMs": 300, "count": 1}"#)
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        let events = try await sim.sink.waitFor(2, within: 30)
        #expect(try events.map(\.payload) == ["sim-bp-1", "sim-bp-2"].map(GatewaySim.fixture))
        let batch = try await sim.deviceEvents.first("batch end", within: 10) { if case .batchEnded = $0 { true } else { false } }
        #expect(batch == .batchEnded(address: GatewaySim.cuff, connectionID: events[0].connectionID, values: 2))
        let backoffs = await sim.deviceEvents.all.filter { if case .stateChanged(_, .backoff) = $0 { true } else { false } }
        #expect(backoffs.count == 2)
        #expect(await sim.clock.sleeps == [.milliseconds(250), .milliseconds(500)])
        let state = try await sim.simState()
        let devices = state["devices"] as? [[String: Any]] ?? []
        let writes = devices.first?["writes"] as? [[String: Any]] ?? []
        #expect(writes.contains { ($0["characteristic"] as? String)?.lowercased().hasPrefix("00002a2b") == true })
    }

    @Test("A disconnect mid-burst ends the batch; the next connection delivers again")
    func disconnectMidBurst() async throws {
        let sim = try await GatewaySim(json: Self.cuffScenario(keepReadings: true, spacing: 100, disconnectAfterBurst: false, readings: 3))
        defer { Task { await sim.stop() } }
        await sim.sink.setHook { _, index in
            if index == 1 { try? await sim.inject("disconnect", #"{"device": "AA:BB:CC:DD:EE:01", "reason": "remote"}"#) }
        }
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        _ = try await sim.deviceEvents.first("batch end", within: 20) { if case .batchEnded = $0 { true } else { false } }
        try await expectFullBurstAfter(sim, firstConnection: try await sim.sink.waitFor(1)[0].connectionID)
    }

    @Test("A bluetoothd restart mid-burst: the agent is registered again and readings after recovery arrive")
    func bluetoothdRestart() async throws {
        let sim = try await GatewaySim(json: Self.cuffScenario(keepReadings: true, spacing: 100, disconnectAfterBurst: false, readings: 3))
        defer { Task { await sim.stop() } }
        await sim.sink.setHook { _, index in
            if index == 1 { _ = try? await sim.simControl("RestartDaemon", [.boolean(false)]) }
        }
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        _ = try await sim.bluezEvents.first("bluetoothd vanished", within: 20) { $0 == .bluezVanished }
        try await expectFullBurstAfter(sim, firstConnection: try await sim.sink.waitFor(1)[0].connectionID)
        let owner = try await sim.simState()["bluezOwner"] as? String
        #expect(owner?.isEmpty == false)
        let stream = await sim.manager.agentRegistrations()
        #expect(stream != nil)
        if let stream, let owner {
            let registered = try await withTimeout(10, "agent registered with the new bluetoothd") {
                for await registration in stream where registration == owner { return true }
                return false
            }
            #expect(registered)
        }
    }

    @Test("The adapter is unplugged mid-burst and returns as hci1: discovery resumes there and readings arrive")
    func adapterUnplugged() async throws {
        let sim = try await GatewaySim(json: Self.cuffScenario(keepReadings: true, spacing: 100, disconnectAfterBurst: false, readings: 3))
        defer { Task { await sim.stop() } }
        await sim.sink.setHook { _, index in
            if index == 1 { _ = try? await sim.simControl("RemoveAdapter", [.string("hci0"), .uint32(300), .string("hci1")]) }
        }
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        _ = try await sim.deviceEvents.first("adapter gone", within: 20) { $0 == .adapterChanged(nil) }
        _ = try await sim.deviceEvents.first("adapter back", within: 20) { $0 == .adapterChanged("hci1") }
        try await expectFullBurstAfter(sim, firstConnection: try await sim.sink.waitFor(1)[0].connectionID)
        #expect(await sim.client.device(address: GatewaySim.cuff)?.path.rawValue == "/org/bluez/hci1/dev_AA_BB_CC_DD_EE_01")
    }

    @Test("Bond lost: the technician is told, and the session does not retry while the device keeps advertising")
    func bondLost() async throws {
        let sim = try await GatewaySim(json: """
            {"peripherals": [{"address": "AA:BB:CC:DD:EE:02", "model": "scale", "name": "SIM-Scale", "paired": true,
              "readings": [{"fixture": "sim-weight-1"}]}]}
            """)
        defer { Task { await sim.stop() } }
        try await sim.inject("bond-lost", #"{"device": "AA:BB:CC:DD:EE:02"}"#)
        try sim.enrol(GatewaySim.scale, kind: .scale)
        sim.run()
        let lost = try await sim.deviceEvents.first("bond lost", within: 20) { if case .bondLost = $0 { true } else { false } }
        #expect(lost?.address == GatewaySim.scale)
        let connectsBefore = await connectingCount(sim)
        for _ in 0..<3 {
            _ = try await sim.bluezEvents.first("scale advertising", within: 10) { event in
                if case let .deviceChanged(device, changed) = event { device.address == GatewaySim.scale && changed.contains("RSSI") } else { false }
            }
        }
        #expect(await connectingCount(sim) == connectsBefore)
        #expect(await sim.manager.state(of: GatewaySim.scale) == .bondLost)
        #expect(await sim.sink.events.isEmpty)
    }

    @Test("After bond loss the technician pairs again (old keys removed) and readings flow")
    func repairAfterBondLoss() async throws {
        let sim = try await GatewaySim(json: """
            {"peripherals": [{"address": "AA:BB:CC:DD:EE:02", "model": "scale", "name": "SIM-Scale", "paired": true,
              "pairing": {"method": "just-works"}, "readings": [{"fixture": "sim-weight-1"}]}]}
            """)
        defer { Task { await sim.stop() } }
        try await sim.inject("bond-lost", #"{"device": "AA:BB:CC:DD:EE:02"}"#)
        try sim.enrol(GatewaySim.scale, kind: .scale)
        sim.run()
        _ = try await sim.deviceEvents.first("bond lost", within: 20) { if case .bondLost = $0 { true } else { false } }
        let technician = TechnicianDelegate(passkey: nil)
        _ = try await sim.manager.pair(address: GatewaySim.scale, delegate: technician, searchTimeout: .seconds(10), pairedBy: "tech-1")
        #expect(await technician.messages.contains("Removing the old pairing keys…"))
        let events = try await sim.sink.waitFor(1, within: 20)
        #expect(try events.map(\.payload) == [GatewaySim.fixture("sim-weight-1")])
    }

    @Test("ServicesResolved before the last service's objects: the session waits for the objects it needs")
    func servicesResolvedEarly() async throws {
        var json = Self.cuffScenario()
        json = json.replacingOccurrences(of: "{\"peripherals\"", with: "{\"settings\": {\"servicesResolvedEarly\": true}, \"peripherals\"")
        let sim = try await GatewaySim(json: json)
        defer { Task { await sim.stop() } }
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        let events = try await sim.sink.waitFor(2, within: 20)
        #expect(try events.map(\.payload) == ["sim-bp-1", "sim-bp-2"].map(GatewaySim.fixture))
    }

    @Test("A link left up by a crashed hub is adopted at startup and the readings arrive")
    func staleConnectionAdopted() async throws {
        var json = Self.cuffScenario(disconnectAfterBurst: false)
        json = json.replacingOccurrences(of: "\"paired\": true,", with: "\"paired\": true, \"connectedAtStart\": true,")
        let sim = try await GatewaySim(json: json)
        defer { Task { await sim.stop() } }
        #expect(await sim.client.device(address: GatewaySim.cuff)?.connected == true)
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        let events = try await sim.sink.waitFor(2, within: 20)
        #expect(try events.map(\.payload) == ["sim-bp-1", "sim-bp-2"].map(GatewaySim.fixture))
    }

    private func connectingCount(_ sim: GatewaySim) async -> Int {
        await sim.deviceEvents.all.filter { if case .stateChanged(_, .connecting) = $0 { true } else { false } }.count
    }

    /// After a broken first connection, a later connection delivers the whole burst in order.
    private func expectFullBurstAfter(_ sim: GatewaySim, firstConnection: UInt64) async throws {
        let expected = try ["sim-bp-1", "sim-bp-2", "sim-bp-3"].map(GatewaySim.fixture)
        try await withTimeout(30, "a full burst after recovery") {
            var count = 4
            while true {
                let events = try await sim.sink.waitFor(count, within: 30)
                let later = events.filter { $0.connectionID > firstConnection }
                let byConnection = Dictionary(grouping: later, by: \.connectionID)
                if byConnection.values.contains(where: { $0.map(\.payload) == expected }) { return }
                count += 1
            }
        }
    }
}
