import TestSupport
import BlueZ
import DBus
import Foundation
import GatewayStore
import HealthProfiles
import Testing
@testable import ControlAPI
@testable import DeviceSessions
@testable import LocalControl

/// `LocalGatewayControl` over the real simulator, a real pipeline and a real SQLite file
/// (serialized: each test owns a bus).
@Suite("The local control API against bluez-sim", .serialized)
struct ControlLocalTests {
    /// Starts the sim wired as carehubd and waits until discovery runs.
    static func started(
        scenario: String? = "cuff-and-scale.json", json: String? = nil, storing: Bool = true
    ) async throws -> (GatewaySim, LocalGatewayControl) {
        let sim = try await GatewaySim(scenario: json == nil ? scenario : nil, json: json, wiring: .control(storing: storing))
        sim.run()
        _ = try await sim.deviceEvents.first("adapter", within: 10) { if case .adapterChanged("hci0") = $0 { true } else { false } }
        return (sim, try sim.controlAPI())
    }

    @Test("Pair the passkey cuff and the just-works scale, assign the cuff: its readings are stored and status/devices show it")
    func pairAssignStore() async throws {
        let (sim, control) = try await Self.started()
        defer { Task { await sim.stop() } }
        let technician = TechnicianDelegate(passkey: 246810)
        // Lower case is accepted and normalised.
        let cuff = try await control.pair(address: "aa:bb:cc:dd:ee:01", delegate: technician, technician: "tech-1")
        #expect(cuff.address == GatewaySim.cuff)
        #expect(cuff.kind == "cuff")
        #expect(cuff.model == "BP7000-SIM")
        #expect(cuff.pairedBy == "tech-1")
        #expect(cuff.assignments.isEmpty)
        #expect(await technician.passkeyRequests == 1)
        let scale = try await control.pair(address: GatewaySim.scale, delegate: TechnicianDelegate(passkey: nil), technician: "tech-1")
        #expect(scale.kind == "scale")
        #expect(scale.firmware == "1.4")

        var status = try await control.status()
        #expect(status.version == CareHubVersion.current)
        #expect(status.bluezRunning)
        #expect(status.adapter == "hci0")
        #expect(status.pairedDevices == 2)
        #expect(status.assignedDevices == 0)
        #expect(status.lastReadingAt == nil)

        let assigned = try await control.assign(address: GatewaySim.cuff, patient: "patient-1", userIndex: nil, technician: "tech-1")
        #expect(assigned.assignments.map(\.patient) == ["patient-1"])
        #expect(assigned.assignments.first?.userIndex == nil)
        #expect(assigned.assignments.first?.assignedBy == "tech-1")
        let outcomes = try await sim.pipelineOutcomes.waitFor(3, within: 30)
        #expect(outcomes.allSatisfy { if case .stored = $0 { true } else { false } })
        #expect(try sim.store.recentReadings(limit: 10).count == 3)

        status = try await control.status()
        #expect(status.assignedDevices == 1)
        #expect(status.outboxPending == 3)
        #expect(status.lastReadingAt != nil)
        let devices = try await control.devices()
        #expect(devices.map(\.address) == [GatewaySim.cuff, GatewaySim.scale])
        let listedCuff = try #require(devices.first)
        #expect(listedCuff.battery == 87)
        #expect(listedCuff.state == "receiving")
        #expect(listedCuff.lastReadingAt != nil)
        #expect(devices.last?.lastReadingAt == nil)
        #expect(devices.last?.assignments.isEmpty == true)
    }

    @Test("Assigning a device that is advertising connects it at once, without waiting for another advertisement")
    func assignConnectsAtOnce() async throws {
        // Adverts are reported once per scan: after pairing, bluetoothd says nothing more about the scale.
        let (sim, control) = try await Self.started(json: """
            {"settings": {"advertReportIntervalMs": 3600000},
             "adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13"}],
             "peripherals": [{"address": "AA:BB:CC:DD:EE:02", "model": "scale", "name": "SIM-Scale",
                              "pairing": {"method": "just-works"}, "batteryLevel": 64,
                              "readings": [{"fixture": "sim-weight-1"}, {"fixture": "sim-weight-2"}]}]}
            """)
        defer { Task { await sim.stop() } }
        _ = try await control.pair(address: GatewaySim.scale, delegate: TechnicianDelegate(passkey: nil), technician: "tech-1")
        _ = try await control.assign(address: GatewaySim.scale, patient: "patient-1", userIndex: nil, technician: "tech-1")
        let outcomes = try await sim.pipelineOutcomes.waitFor(2, within: 15)
        #expect(outcomes.allSatisfy { if case .stored = $0 { true } else { false } })
        #expect(await sim.manager.batteryLevel(of: GatewaySim.scale) == 64)
    }

    @Test("waitForReading on the paired, unassigned scale returns the decoded measurement and stores nothing")
    func testReadingUnassigned() async throws {
        let (sim, control) = try await Self.started()
        defer { Task { await sim.stop() } }
        _ = try await control.pair(address: GatewaySim.scale, delegate: TechnicianDelegate(passkey: nil), technician: "tech-1")
        let reading = try await control.waitForReading(address: GatewaySim.scale, timeout: .seconds(20))
        #expect(reading.address == GatewaySim.scale)
        #expect(reading.characteristic == "2A9D")
        #expect(reading.measurementJSON.hasPrefix("{"))
        #expect(reading.measurementJSON.contains("weight"))
        guard case let .notStored(reason) = reading.outcome else {
            Issue.record("expected notStored, got \(reading.outcome)")
            return
        }
        #expect(reason.contains("not assigned"))
        #expect(reading.colour == nil)
        #expect(try sim.store.recentReadings(limit: 10).isEmpty)
        #expect(await sim.pipelineOutcomes.outcomes.isEmpty)
        #expect(await sim.manager.isUnderTest(GatewaySim.scale) == false)
        // The test session is over: the scale is disconnected and left alone.
        _ = try await sim.deviceEvents.first("scale disconnected", within: 10) { event in
            if case .stateChanged(GatewaySim.scale, .disconnected) = event { true } else { false }
        }
    }

    @Test("waitForReading on an assigned cuff goes through the pipeline: stored, with colour and text")
    func testReadingAssigned() async throws {
        let (sim, control) = try await Self.started()
        defer { Task { await sim.stop() } }
        _ = try await control.pair(address: GatewaySim.cuff, delegate: TechnicianDelegate(passkey: 246810), technician: "tech-1")
        _ = try await control.assign(address: GatewaySim.cuff, patient: "patient-1", userIndex: nil, technician: "tech-1")
        _ = try await sim.pipelineOutcomes.waitFor(3, within: 30)
        let tap = try #require(sim.tap)
        async let waited = control.waitForReading(address: GatewaySim.cuff, timeout: .seconds(30))
        try await withTimeout(10, "the wait to register") {
            while await tap.waiterCount(GatewaySim.cuff) == 0 { await Task.yield() }
        }
        // A new measurement on the connected cuff: 120/80 mmHg, MAP 93, no time stamp.
        try await sim.simControl("TriggerReadings", [.string(GatewaySim.cuff), .strings(["hex:00780050005d00"])])
        let reading = try await waited
        #expect(reading.outcome == .stored)
        #expect(reading.characteristic == "2A35")
        #expect(["green", "yellow", "red", "grey"].contains(reading.colour ?? ""))
        #expect(reading.text?.isEmpty == false)
    }

    @Test("Without a daemon (no pipeline) a test reading is decoded and not stored, and says why")
    func directModeStoresNothing() async throws {
        let (sim, control) = try await Self.started(storing: false)
        defer { Task { await sim.stop() } }
        _ = try await control.pair(address: GatewaySim.scale, delegate: TechnicianDelegate(passkey: nil), technician: "tech-1")
        _ = try await control.assign(address: GatewaySim.scale, patient: "patient-1", userIndex: nil, technician: "tech-1")
        let reading = try await control.waitForReading(address: GatewaySim.scale, timeout: .seconds(20))
        guard case let .notStored(reason) = reading.outcome else {
            Issue.record("expected notStored, got \(reading.outcome)")
            return
        }
        #expect(reason.contains("daemon is not running"))
        #expect(try sim.store.recentReadings(limit: 10).isEmpty)
    }

    @Test("Forget: the session ends, the bond is removed from bluetoothd, readings stay, later values are refused")
    func forget() async throws {
        let (sim, control) = try await Self.started()
        defer { Task { await sim.stop() } }
        _ = try await control.pair(address: GatewaySim.cuff, delegate: TechnicianDelegate(passkey: 246810), technician: "tech-1")
        _ = try await control.assign(address: GatewaySim.cuff, patient: "patient-1", userIndex: nil, technician: "tech-1")
        _ = try await sim.pipelineOutcomes.waitFor(3, within: 30)
        let path = try #require(await sim.client.device(address: GatewaySim.cuff)?.path)

        try await control.forget(address: GatewaySim.cuff, technician: "tech-2")
        _ = try await sim.bluezEvents.first("cuff object removed", within: 10) { event in
            if case let .deviceRemoved(removed, address) = event { removed == path && address == GatewaySim.cuff } else { false }
        }
        #expect(await sim.manager.state(of: GatewaySim.cuff) == nil)
        #expect(await sim.client.device(address: GatewaySim.cuff)?.paired != true)
        #expect(try await control.devices().isEmpty)
        #expect(try await control.status().assignedDevices == 0)
        #expect(try sim.store.device(address: GatewaySim.cuff)?.forgottenAt != nil)
        #expect(try sim.store.assignments(address: GatewaySim.cuff).allSatisfy { $0.revokedAt != nil })
        #expect(try sim.store.recentReadings(limit: 10).count == 3)
        // A value still in flight is refused by the pipeline: nothing is assigned any more.
        let tap = try #require(sim.tap)
        let late = MeasurementEvent(deviceAddress: GatewaySim.cuff, characteristic: .bloodPressureMeasurement,
                                    payload: try GatewaySim.fixture("sim-bp-1"), receivedAt: Date(), connectionID: 999,
                                    device: DeviceIdentity(model: "BP7000-SIM"))
        guard case .rejected = await tap.handle(late) else {
            Issue.record("a forgotten device's value was not refused")
            return
        }
        #expect(try sim.store.recentReadings(limit: 10).count == 3)
        await #expect(throws: ControlError.notPaired(address: GatewaySim.cuff)) {
            _ = try await control.assign(address: GatewaySim.cuff, patient: "patient-1", userIndex: nil, technician: "tech-1")
        }
        // Pairing it again makes it a paired device again.
        _ = try await control.pair(address: GatewaySim.cuff, delegate: TechnicianDelegate(passkey: 246810), technician: "tech-1")
        #expect(try await control.devices().map(\.address) == [GatewaySim.cuff])
    }

    @Test("Errors: unpaired device, malformed arguments, a second pairing while one runs")
    func errors() async throws {
        let (sim, control) = try await Self.started()
        defer { Task { await sim.stop() } }
        await #expect(throws: ControlError.notPaired(address: GatewaySim.neighbour)) {
            _ = try await control.assign(address: GatewaySim.neighbour, patient: "patient-1", userIndex: nil, technician: "tech-1")
        }
        await #expect(throws: ControlError.notPaired(address: GatewaySim.neighbour)) {
            _ = try await control.waitForReading(address: GatewaySim.neighbour, timeout: .seconds(5))
        }
        await #expect(throws: ControlError.notPaired(address: GatewaySim.neighbour)) {
            try await control.forget(address: GatewaySim.neighbour, technician: "tech-1")
        }
        for address in ["AA:BB:CC:DD:EE", "AA:BB:CC:DD:EE:0G", "AABBCCDDEE01", "AA:BB:CC:DD:EE:001", ""] {
            await #expect(throws: ControlError.self) {
                _ = try await control.assign(address: address, patient: "patient-1", userIndex: nil, technician: "tech-1")
            }
            do {
                _ = try await control.waitForReading(address: address, timeout: .seconds(5))
            } catch {
                guard case let .invalidArgument(text) = error else { throw error }
                #expect(text.contains("not a Bluetooth address"))
            }
        }
        _ = try await control.pair(address: GatewaySim.scale, delegate: TechnicianDelegate(passkey: nil), technician: "tech-1")
        let badPatients = ["", "patient 1", "patient\u{0007}", String(repeating: "p", count: 65), "p\t1"]
        for patient in badPatients {
            do {
                _ = try await control.assign(address: GatewaySim.scale, patient: patient, userIndex: nil, technician: "tech-1")
                Issue.record("accepted patient id \(patient.debugDescription)")
            } catch {
                guard case .invalidArgument = error else { throw error }
            }
        }
        #expect(try await control.assign(address: GatewaySim.scale, patient: String(repeating: "p", count: 64), userIndex: 254,
                                         technician: "tech-1").assignments.first?.userIndex == 254)
        for index in [-1, 255, 1000] {
            await #expect(throws: ControlError.self) {
                _ = try await control.assign(address: GatewaySim.scale, patient: "patient-1", userIndex: index, technician: "tech-1")
            }
        }
        for timeout in [Duration.zero, .milliseconds(999), .seconds(601)] {
            await #expect(throws: ControlError.invalidArgument("The timeout must be between 1 and 600 seconds.")) {
                _ = try await control.waitForReading(address: GatewaySim.scale, timeout: timeout)
            }
        }

        // A second pairing while the first waits for its passkey: busy.
        let slow = GatedTechnician(passkey: 246810)
        async let first = control.pair(address: GatewaySim.cuff, delegate: slow, technician: "tech-1")
        await slow.waitUntilAsked()
        do {
            _ = try await control.pair(address: GatewaySim.neighbour, delegate: TechnicianDelegate(passkey: nil), technician: "tech-1")
            Issue.record("a second pairing ran")
        } catch {
            guard case let .busy(text) = error else { throw error }
            #expect(text.contains(GatewaySim.cuff))
        }
        await slow.answer()
        #expect(try await first.address == GatewaySim.cuff)
    }
}

/// A technician who is slow to type the passkey: `enterPasskey` waits for `answer()`.
actor GatedTechnician: PairingDelegate {
    let passkey: UInt32
    private var asked = false
    private var answered = false
    private var askedWaiters: [CheckedContinuation<Void, Never>] = []
    private var answerWaiters: [CheckedContinuation<Void, Never>] = []

    init(passkey: UInt32) {
        self.passkey = passkey
    }

    func enterPasskey(for device: PairingDevice) async -> UInt32? {
        asked = true
        for waiter in askedWaiters { waiter.resume() }
        askedWaiters = []
        if !answered { await withCheckedContinuation { answerWaiters.append($0) } }
        return passkey
    }

    func waitUntilAsked() async {
        if !asked { await withCheckedContinuation { askedWaiters.append($0) } }
    }

    func answer() {
        answered = true
        for waiter in answerWaiters { waiter.resume() }
        answerWaiters = []
    }
}
