import TestSupport
import BlueZ
import DBus
import Foundation
import GatewayStore
import HealthProfiles
import Testing
@testable import DeviceSessions

/// The connection cap, the stuck-controller watchdog and a changed GATT database, against bluez-sim.
@Suite("Session limits and controller recovery against bluez-sim", .serialized)
struct SessionsLimitsTests {
    /// Three bonded devices that each send their memory and drop the link.
    static let threeDevices = """
        {"adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13"}],
         "peripherals": [
           {"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "paired": true, "disconnectAfterBurstMs": 100,
            "readings": [{"fixture": "sim-bp-1"}, {"fixture": "sim-bp-2"}]},
           {"address": "AA:BB:CC:DD:EE:02", "model": "scale", "paired": true, "disconnectAfterBurstMs": 100,
            "readings": [{"fixture": "sim-weight-1"}]},
           {"address": "AA:BB:CC:DD:EE:03", "model": "scale", "paired": true, "disconnectAfterBurstMs": 100,
            "readings": [{"fixture": "sim-weight-2"}]}]}
        """

    /// The most links up at once in a BlueZ event log.
    static func maxConcurrentLinks(_ events: [BlueZEvent]) -> Int {
        var up: Set<ObjectPath> = [], most = 0
        for event in events {
            switch event {
            case let .connected(path): up.insert(path)
            case let .disconnected(path, _): up.remove(path)
            default: break
            }
            most = max(most, up.count)
        }
        return most
    }

    @Test("With a cap of one or two connections, three assigned devices take turns and every reading arrives", arguments: [1, 2])
    func connectionCap(limit: Int) async throws {
        let sim = try await GatewaySim(json: Self.threeDevices, maxConnections: limit)
        defer { Task { await sim.stop() } }
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        try sim.enrol(GatewaySim.scale, kind: .scale)
        try sim.enrol(GatewaySim.neighbour, kind: .scale, patient: "patient-2")
        sim.run()
        let events = try await sim.sink.waitFor(4, within: 30)
        #expect(Set(events.map(\.deviceAddress)) == [GatewaySim.cuff, GatewaySim.scale, GatewaySim.neighbour])
        // Every link is down again (batches end in any order).
        var ended: Set<String> = []
        while ended.count < 3 {
            let event = try await sim.deviceEvents.first("batch ends", within: 10) { event in
                if case .batchEnded = event { true } else { false }
            }
            if let address = event?.address { ended.insert(address) }
        }
        #expect(Self.maxConcurrentLinks(await sim.bluezEvents.all) <= limit)
    }

    @Test("Connects that keep failing power-cycle the adapter once; readings follow; more failures soon after do not cycle again")
    func watchdogPowerCyclesOnce() async throws {
        let sim = try await GatewaySim(json: """
            {"adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13"}],
             "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "paired": true, "keepReadings": true,
                              "readings": [{"fixture": "sim-bp-1"}, {"fixture": "sim-bp-2"}, {"fixture": "sim-bp-3"}]}],
             "faults": [{"fault": "connect-abort-by-local", "device": "AA:BB:CC:DD:EE:01", "count": 5}]}
            """)
        defer { Task { await sim.stop() } }
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        _ = try await sim.bluezEvents.first("powered off", within: 20) { event in
            if case let .adapterChanged(adapter, changed) = event { changed.contains("Powered") && !adapter.powered } else { false }
        }
        _ = try await sim.bluezEvents.first("powered on", within: 10) { event in
            if case let .adapterChanged(adapter, changed) = event { changed.contains("Powered") && adapter.powered } else { false }
        }
        _ = try await sim.sink.waitFor(3, within: 20)
        #expect(await sim.manager.adapterPowerCycles() == 1)

        // Five more failures right away: suspect, but the adapter was just cycled.
        try await sim.inject("connect-abort-by-local", #"{"device": "AA:BB:CC:DD:EE:01", "count": 5}"#)
        try await sim.inject("disconnect", #"{"device": "AA:BB:CC:DD:EE:01", "reason": "remote"}"#)
        let events = try await sim.sink.waitFor(6, within: 30)
        #expect(events.count == 6)
        #expect(await sim.manager.adapterPowerCycles() == 1)
        let poweredOff = await sim.bluezEvents.all.filter { event in
            if case let .adapterChanged(adapter, changed) = event { changed.contains("Powered") && !adapter.powered } else { false }
        }
        #expect(poweredOff.count == 1)
    }

    @Test("Firmware update with Service Changed: the moved measurement characteristic is subscribed at its new path and readings flow")
    func gattDatabaseChanged() async throws {
        let sim = try await GatewaySim(json: """
            {"adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13"}],
             "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "paired": true, "keepReadings": true,
                              "readings": [{"fixture": "sim-bp-1"}, {"fixture": "sim-bp-2"}]}]}
            """)
        defer { Task { await sim.stop() } }
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        _ = try await sim.sink.waitFor(2, within: 20)
        try await sim.inject("firmware-update", #"{"device": "AA:BB:CC:DD:EE:01", "serviceChanged": true}"#)
        let events = try await sim.sink.waitFor(4, within: 30)
        #expect(try events.map(\.payload) == ["sim-bp-1", "sim-bp-2", "sim-bp-1", "sim-bp-2"].map(GatewaySim.fixture))
        let moved = try #require(await sim.client.characteristics(of: ObjectPath("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_01")).first {
            $0.uuid == BluetoothUUID(Characteristic.bloodPressureMeasurement.rawValue)
        })
        #expect(moved.path.rawValue.hasSuffix("service000f/char0010"))
        #expect(Set(events.map(\.connectionID)).count == 2)
    }

    @Test("Firmware update without Service Changed (stale GATT cache): the session stops and says so; forget and pair again heal it")
    func staleGattCache() async throws {
        let sim = try await GatewaySim(json: """
            {"adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13"}],
             "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "paired": true, "keepReadings": true,
                              "pairing": {"method": "just-works"},
                              "readings": [{"fixture": "sim-bp-1"}, {"fixture": "sim-bp-2"}]}]}
            """, wiring: .control(storing: true))
        defer { Task { await sim.stop() } }
        let control = try sim.controlAPI()
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        _ = try await sim.pipelineOutcomes.waitFor(2, within: 20)
        try await sim.inject("firmware-update", #"{"device": "AA:BB:CC:DD:EE:01", "serviceChanged": false}"#)
        let stale = try await sim.deviceEvents.first("stale services", within: 20) { event in
            if case .staleServices(GatewaySim.cuff, _) = event { true } else { false }
        }
        guard case let .staleServices(_, detail)? = stale else {
            Issue.record("no stale-services event")
            return
        }
        #expect(detail.contains("carehub forget"))
        let state = try await control.devices().first?.state ?? ""
        #expect(state.contains("forget it and pair it again"))
        // The hub does not keep reconnecting into the stale database.
        _ = try await sim.deviceEvents.first("the link is down", within: 10) { event in
            if case .stateChanged(GatewaySim.cuff, .disconnected) = event { true } else { false }
        }

        try await control.forget(address: GatewaySim.cuff, technician: "tech-1")
        _ = try await control.pair(address: GatewaySim.cuff, delegate: TechnicianDelegate(passkey: nil), technician: "tech-1")
        _ = try await control.assign(address: GatewaySim.cuff, patient: "patient-1", userIndex: nil, technician: "tech-1")
        let outcomes = try await sim.pipelineOutcomes.waitFor(4, within: 20)
        // The same memory again: recognised as already stored.
        #expect(outcomes.suffix(2).allSatisfy { if case .duplicate = $0 { true } else { false } })
        let moved = try #require(await sim.client.characteristics(of: ObjectPath("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_01")).first {
            $0.uuid == BluetoothUUID(Characteristic.bloodPressureMeasurement.rawValue)
        })
        #expect(moved.path.rawValue.hasSuffix("service000f/char0010"))
    }
}

@Suite("Adapter watchdog")
struct AdapterWatchdogTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("Five failures in a row within the window trip it; a success in between resets the count")
    func trips() {
        var watchdog = AdapterWatchdog(policy: WatchdogPolicy(failureThreshold: 5, window: 180, minimumInterval: 900))
        for second in 0..<4 { #expect(watchdog.recordFailure(at: Self.start + Double(second)) == .fine) }
        watchdog.recordSuccess()
        for second in 10..<14 { #expect(watchdog.recordFailure(at: Self.start + Double(second)) == .fine) }
        #expect(watchdog.recordFailure(at: Self.start + 14) == .powerCycle)
    }

    @Test("Failures spread wider than the window do not trip it")
    func window() {
        var watchdog = AdapterWatchdog(policy: WatchdogPolicy(failureThreshold: 3, window: 60, minimumInterval: 900))
        #expect(watchdog.recordFailure(at: Self.start) == .fine)
        #expect(watchdog.recordFailure(at: Self.start + 50) == .fine)
        #expect(watchdog.recordFailure(at: Self.start + 100) == .fine)
        #expect(watchdog.recordFailure(at: Self.start + 105) == .powerCycle)
    }

    @Test("At most one power cycle per minimum interval, then again")
    func noLoop() {
        var watchdog = AdapterWatchdog(policy: WatchdogPolicy(failureThreshold: 2, window: 60, minimumInterval: 600))
        #expect(watchdog.recordFailure(at: Self.start) == .fine)
        #expect(watchdog.recordFailure(at: Self.start + 1) == .powerCycle)
        #expect(watchdog.recordFailure(at: Self.start + 2) == .fine)
        #expect(watchdog.recordFailure(at: Self.start + 3) == .suspectButRecentlyCycled)
        #expect(watchdog.recordFailure(at: Self.start + 4) == .suspectButRecentlyCycled)
        // Ten minutes on, failures in a row trip it again.
        #expect(watchdog.recordFailure(at: Self.start + 601) == .fine)
        #expect(watchdog.recordFailure(at: Self.start + 602) == .powerCycle)
    }
}
