import TestSupport
import BlueZ
import DBus
import Foundation
import GatewayStore
import Testing
@testable import DeviceSessions

/// A device that is off never holds up one that is on (issue 14 item 8), against bluez-sim: no
/// Connect without a live advertising report, one bounded attempt at a time, freshest first.
@Suite("Connect policy against bluez-sim", .serialized)
struct ConnectPolicySimTests {
    /// A bonded cuff and scale that advertise only when told (`Advertise`), send their memory on
    /// connect and drop the link, as they do after a measurement.
    static let silentCuffAndScale = """
        {"adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13"}],
         "peripherals": [
           {"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "paired": true, "advertising": [], "disconnectAfterBurstMs": 100,
            "readings": [{"fixture": "sim-bp-1"}, {"fixture": "sim-bp-2"}]},
           {"address": "AA:BB:CC:DD:EE:02", "model": "scale", "paired": true, "advertising": [], "disconnectAfterBurstMs": 100,
            "readings": [{"fixture": "sim-weight-1"}, {"fixture": "sim-weight-2"}]}]}
        """

    /// Waits until the simulator says the device is off air (an advertising window's end sends
    /// nothing on the bus, as with bluetoothd, so there is no event to await).
    static func untilSilent(_ sim: GatewaySim, _ address: String) async throws {
        try await withTimeout(10, "\(address) off air") {
            while try await sim.simDevice(address)["advertising"] as? Bool != false {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    @Test("A silent cuff assigned first gets no Connect; a scale advertising for 3 s, assigned after it, is read in its window; then the cuff when it advertises",
          arguments: [false, true])
    func silentCuffDoesNotHoldUpScale(cuffSeenBefore: Bool) async throws {
        let sim = try await GatewaySim(json: Self.silentCuffAndScale)
        defer { Task { await sim.stop() } }
        if cuffSeenBefore {
            // The cuff advertised a moment ago (a technician's scan saw it) and is off now:
            // bluetoothd keeps its RSSI while anyone scans, which says nothing about now.
            try await sim.startForeignDiscovery()
            try await sim.simControl("Advertise", [.string(GatewaySim.cuff), .uint32(1)])
            _ = try await sim.bluezEvents.first("the cuff's one advertisement", within: 10) { event in
                if case let .deviceChanged(device, _) = event { device.address == GatewaySim.cuff && device.rssi != nil } else { false }
            }
            try await Self.untilSilent(sim, GatewaySim.cuff)
            #expect(await sim.client.device(address: GatewaySim.cuff)?.rssi != nil)
        }
        sim.run()
        _ = try await sim.deviceEvents.first("discovery", within: 10) { if case .adapterChanged("hci0") = $0 { true } else { false } }
        // Assigned in this order, each taking effect at once (as `carehub assign` does).
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        await sim.manager.reconsider(address: GatewaySim.cuff)
        try sim.enrol(GatewaySim.scale, kind: .scale)
        await sim.manager.reconsider(address: GatewaySim.scale)

        try await sim.simControl("Advertise", [.string(GatewaySim.scale), .uint32(3000)])
        // The simulator completes a Connect only while the scale is on air, so its readings prove
        // it was connected within its 3 s; a hub paging the cuff first would miss it.
        let scale = try await sim.sink.waitFor(2, within: 15)
        #expect(try scale.map(\.payload) == ["sim-weight-1", "sim-weight-2"].map(GatewaySim.fixture))
        #expect(scale.allSatisfy { $0.deviceAddress == GatewaySim.scale })
        #expect(try await sim.connectCalls(GatewaySim.cuff) == 0)
        #expect(await sim.manager.state(of: GatewaySim.cuff) == nil)

        // The patient measures: the cuff advertises, is connected, and its readings arrive.
        try await sim.simControl("Advertise", [.string(GatewaySim.cuff), .uint32(3000)])
        let all = try await sim.sink.waitFor(4, within: 15)
        #expect(try all.suffix(2).map(\.payload) == ["sim-bp-1", "sim-bp-2"].map(GatewaySim.fixture))
        #expect(all.suffix(2).allSatisfy { $0.deviceAddress == GatewaySim.cuff })
        #expect(try await sim.connectCalls(GatewaySim.cuff) == 1)
    }

    @Test("A connect attempt that hangs is cancelled at the attempt bound and tried again while the device advertises")
    func attemptIsBounded() async throws {
        let sim = try await GatewaySim(json: """
            {"settings": {"connectTimeoutMs": 120000},
             "adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13"}],
             "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "paired": true, "disconnectAfterBurstMs": 100,
                              "readings": [{"fixture": "sim-bp-1"}, {"fixture": "sim-bp-2"}]}],
             "faults": [{"fault": "connect-timeout", "device": "AA:BB:CC:DD:EE:01", "count": 1}]}
            """, connectPolicy: ConnectPolicy(attemptTimeout: .seconds(1)))
        defer { Task { await sim.stop() } }
        try sim.enrol(GatewaySim.cuff, kind: .cuff)
        sim.run()
        // Without the bound the first attempt would hang for bluetoothd's whole page (120 s here).
        let events = try await sim.sink.waitFor(2, within: 20)
        #expect(try events.map(\.payload) == ["sim-bp-1", "sim-bp-2"].map(GatewaySim.fixture))
        #expect(try await sim.connectCalls(GatewaySim.cuff) == 2)
        let backedOff = await sim.deviceEvents.all.contains { event in
            if case .stateChanged(GatewaySim.cuff, .backoff(attempt: 1, _)) = event { true } else { false }
        }
        #expect(backedOff)
    }
}

/// The pure parts of the policy: the gate's order and the advertisement log's window.
struct ConnectGateTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("The gate goes to the freshest advertisement, not the first to arrive; stale waiters are dropped")
    func freshestFirst() {
        var gate = ConnectGate()
        let entered = gate.enterIfFree()
        let enteredAgain = gate.enterIfFree()
        #expect(entered && !enteredAgain)
        gate.enqueue(GateWaiter(token: 1, address: "CUFF", linkUp: false))
        gate.enqueue(GateWaiter(token: 2, address: "SCALE", linkUp: false))
        gate.enqueue(GateWaiter(token: 3, address: "GONE", linkUp: false))
        let seen = ["CUFF": Self.start, "SCALE": Self.start + 2]
        let first = gate.leave { seen[$0] }
        #expect(first.next?.address == "SCALE")
        #expect(first.dropped.map(\.address) == ["GONE"])
        #expect(gate.busy)
        let second = gate.leave { seen[$0] }
        #expect(second.next?.address == "CUFF")
        let last = gate.leave { seen[$0] }
        #expect(last.next == nil && last.dropped.isEmpty)
        #expect(!gate.busy)
        let free = gate.enterIfFree()
        #expect(free)
    }

    @Test("Equally fresh waiters go in arrival order; a link already up goes first; a withdrawn waiter is skipped")
    func tiesLinksWithdrawals() {
        var gate = ConnectGate()
        _ = gate.enterIfFree()
        gate.enqueue(GateWaiter(token: 1, address: "A", linkUp: false))
        gate.enqueue(GateWaiter(token: 2, address: "B", linkUp: false))
        gate.enqueue(GateWaiter(token: 3, address: "C", linkUp: true))
        gate.enqueue(GateWaiter(token: 4, address: "D", linkUp: false))
        let withdrawn = gate.withdraw(4)
        let withdrawnAgain = gate.withdraw(4)
        #expect(withdrawn && !withdrawnAgain)
        // C has no advertisement at all (its link is up): it goes first all the same.
        let seen: (String) -> Date? = { $0 == "C" ? nil : Self.start }
        var order: [UInt64?] = []
        for _ in 0..<4 { order.append(gate.leave(freshReport: seen).next?.token) }
        #expect(order == [3, 1, 2, nil])
        #expect(gate.waiters.isEmpty && !gate.busy)
    }

    @Test("An advertising report counts for the freshness window only; a forgotten device has none")
    func advertisementWindow() {
        var log = AdvertisementLog(freshness: .milliseconds(5_500))
        #expect(!log.isFresh("CUFF", at: Self.start))
        log.record("CUFF", at: Self.start)
        #expect(log.isFresh("CUFF", at: Self.start + 5.5))
        #expect(log.freshReport("CUFF", at: Self.start + 1) == Self.start)
        #expect(!log.isFresh("CUFF", at: Self.start + 5.6))
        log.record("CUFF", at: Self.start + 10)
        #expect(log.isFresh("CUFF", at: Self.start + 12))
        log.forget("CUFF")
        #expect(!log.isFresh("CUFF", at: Self.start + 12))
    }
}
