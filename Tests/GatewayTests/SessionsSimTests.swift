import TestSupport
import BlueZ
import DBus
import Foundation
import GatewayStore
import HealthProfiles
import Testing
@testable import DeviceSessions

/// Device sessions against the real simulator on a private bus (serialized: each test owns a bus).
@Suite("Device sessions against bluez-sim", .serialized)
struct SessionsSimTests {
    @Test("A technician pairs a passkey cuff and a just-works scale, assigns them, and the readings arrive in order, byte for byte")
    func pairAssignReceive() async throws {
        let sim = try await GatewaySim(scenario: "cuff-and-scale.json")
        defer { Task { await sim.stop() } }
        sim.run()
        _ = try await sim.deviceEvents.first("adapter", within: 10) { if case .adapterChanged("hci0") = $0 { true } else { false } }

        let technician = TechnicianDelegate(passkey: 246810)
        let cuff = try await sim.manager.pair(address: GatewaySim.cuff, delegate: technician, searchTimeout: .seconds(10), pairedBy: "tech-1")
        #expect(cuff.kind == .cuff)
        #expect(cuff.model == "BP7000-SIM")
        #expect(cuff.manufacturer == "OMRON HEALTHCARE")
        #expect(cuff.serial == "20261120001")
        #expect(await technician.passkeyRequests == 1)
        let scale = try await sim.manager.pair(address: GatewaySim.scale, delegate: TechnicianDelegate(passkey: nil),
                                               searchTimeout: .seconds(10), pairedBy: "tech-1")
        #expect(scale.kind == .scale)
        #expect(try sim.store.device(address: GatewaySim.scale)?.firmware == "1.4")
        // Paired is not enough: nothing is connected for readings before assignment.
        #expect(await sim.sink.events.isEmpty)

        try sim.assign(GatewaySim.cuff)
        try sim.assign(GatewaySim.scale)
        let events = try await sim.sink.waitFor(5, within: 30)
        let cuffEvents = events.filter { $0.deviceAddress == GatewaySim.cuff }
        let scaleEvents = events.filter { $0.deviceAddress == GatewaySim.scale }
        #expect(try cuffEvents.map(\.payload) == ["sim-bp-1", "sim-bp-2", "sim-bp-3"].map(GatewaySim.fixture))
        #expect(try scaleEvents.map(\.payload) == ["sim-weight-1", "sim-weight-2"].map(GatewaySim.fixture))
        #expect(cuffEvents.allSatisfy { $0.characteristic == .bloodPressureMeasurement && $0.device.model == "BP7000-SIM" })
        #expect(scaleEvents.allSatisfy { $0.characteristic == .weightMeasurement })
        #expect(Set(cuffEvents.map(\.connectionID)).count == 1)
        #expect(cuffEvents.first?.connectionID != scaleEvents.first?.connectionID)
        _ = try await sim.deviceEvents.first("battery", within: 5) { $0 == .batteryLevel(address: GatewaySim.cuff, percent: 87) }
    }

    @Test("Pairing failures come back in plain words: not in pairing mode, wrong passkey, not found")
    func pairingFailures() async throws {
        let sim = try await GatewaySim(json: """
            {"peripherals": [
              {"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "name": "BLESmart_00000480AABBCC",
               "pairing": {"method": "passkey", "passkey": 246810, "pairingMode": false}},
              {"address": "AA:BB:CC:DD:EE:02", "model": "cuff", "name": "SIM-Cuff",
               "pairing": {"method": "passkey", "passkey": 135790}}]}
            """)
        defer { Task { await sim.stop() } }
        sim.run()
        _ = try await sim.deviceEvents.first("adapter", within: 10) { if case .adapterChanged = $0 { true } else { false } }
        await #expect(throws: PairingFailure.notInPairingMode(hint: "Press and hold the Bluetooth button until P blinks, then try again.")) {
            _ = try await sim.manager.pair(address: GatewaySim.cuff, delegate: TechnicianDelegate(passkey: 246810),
                                           searchTimeout: .seconds(10), pairedBy: "tech-1")
        }
        await #expect(throws: PairingFailure.wrongPasskey) {
            _ = try await sim.manager.pair(address: GatewaySim.scale, delegate: TechnicianDelegate(passkey: 111111),
                                           searchTimeout: .seconds(10), pairedBy: "tech-1")
        }
        do {
            _ = try await sim.manager.pair(address: "AA:BB:CC:DD:EE:09", delegate: TechnicianDelegate(passkey: nil),
                                           searchTimeout: .milliseconds(300), pairedBy: "tech-1")
            Issue.record("paired a device that does not exist")
        } catch {
            guard case .notFound = error else { throw error }
            #expect(error.description.contains("not found within"))
        }
        #expect(try sim.store.devices().isEmpty)
    }

    @Test("A neighbour's scale advertising 0x181D is never connected")
    func neighbourIgnored() async throws {
        let sim = try await GatewaySim(scenario: "neighbour-scale.json")
        defer { Task { await sim.stop() } }
        try sim.enrol(GatewaySim.scale, kind: .scale)
        sim.run()
        let events = try await sim.sink.waitFor(1, within: 20)
        #expect(events.map(\.deviceAddress) == [GatewaySim.scale])
        // Let the neighbour advertise a few more times while we are discovering.
        for _ in 0..<3 {
            _ = try await sim.bluezEvents.first("neighbour advertising", within: 10) { event in
                if case let .deviceChanged(device, changed) = event { device.address == GatewaySim.neighbour && changed.contains("RSSI") } else { false }
            }
        }
        let neighbourPath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_03"
        let connectedPaths = await sim.bluezEvents.all.compactMap { event -> String? in
            if case let .connected(path) = event { path.rawValue } else { nil }
        }
        #expect(!connectedPaths.contains(neighbourPath))
        #expect(await sim.client.device(address: GatewaySim.neighbour)?.connected == false)
        #expect(await sim.manager.state(of: GatewaySim.neighbour) == nil)
        #expect(await sim.manager.state(of: GatewaySim.cuff) == nil)
    }
}
