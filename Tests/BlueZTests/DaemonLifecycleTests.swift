import TestSupport
import BlueZ
import DBus
import Foundation
import Testing

/// bluetoothd restarts and adapters that vanish (reference/bluez-failure-modes.md §11, §12): the
/// client recovers its view and the agent its registration without being restarted.
@Suite(.serialized)
struct DaemonLifecycleTests {
    @Test("restart (clean and crash): vanished, appeared, view rebuilt, agent registered again", arguments: [false, true])
    func restart(crash: Bool) async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        let (agent, delegate) = try await sim.startAgent(passkey: 246_810)
        let registrations = EventLog(await agent.registrations())
        let firstOwner = try #require(try await registrations.first("first registration") { _ in true })
        try await sim.discoverCuffAndScale()
        let log = EventLog(client.events())

        try await sim.simControl("RestartDaemon", [.boolean(crash)])
        _ = try await log.first("vanished") { $0 == .bluezVanished }
        let appeared = try #require(try await log.first("appeared", within: 15) { if case .bluezAppeared = $0 { true } else { false } })
        guard case let .bluezAppeared(newOwner) = appeared else { return }
        #expect(newOwner != firstOwner)
        // Clean stop: InterfacesRemoved before the name goes; crash: the emptied view removes it.
        #expect(await log.all.contains(.deviceRemoved(SimHarness.cuffPath, address: SimHarness.cuffAddress)))
        #expect(await client.bluezOwner() == newOwner)
        // Adapters follow the name (bluetoothd registers them after claiming org.bluez).
        if await client.adapters().isEmpty {
            _ = try await log.first("adapter back") { $0.path == SimHarness.adapter }
        }
        #expect(await client.adapters().map(\.path) == [SimHarness.adapter])
        #expect(await client.device(at: SimHarness.cuffPath) == nil)  // never paired: not stored
        #expect(try await registrations.first("registration with the new daemon") { $0 == newOwner } != nil)

        // Discovery sessions died with the daemon; a new one finds the cuff, and pairing reaches our agent.
        try await sim.discoverCuffAndScale()
        try await client.pair(device: SimHarness.cuffPath)
        #expect(await delegate.calls.filter { $0.hasPrefix("RequestPasskey") }.count == 1)
        if !crash { #expect(await delegate.calls.contains("Release")) }
        // The view follows the reply by a signal or two: await it rather than read it at once.
        let paired = try await client.waitForServicesResolved(device: SimHarness.cuffPath, timeout: .seconds(10))
        #expect(paired.paired)
    }

    @Test func pairedDeviceComesBackFromStorageAfterRestartWithoutGattObjects() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        _ = try await sim.startAgent(passkey: 246_810)
        try await sim.discoverCuffAndScale()
        try await client.pair(device: SimHarness.cuffPath)
        _ = try await client.waitForServicesResolved(device: SimHarness.cuffPath, timeout: .seconds(10))
        #expect(!(await client.characteristics(of: SimHarness.cuffPath)).isEmpty)
        let log = EventLog(client.events())

        try await sim.simControl("RestartDaemon", [.boolean(true)])
        _ = try await log.first("appeared", within: 15) { if case .bluezAppeared = $0 { true } else { false } }
        // Stored devices come back as InterfacesAdded once the adapter is back (after the name).
        let cuff = try await client.waitForDevice(address: SimHarness.cuffAddress, timeout: .seconds(10))
        #expect(cuff.path == SimHarness.cuffPath)
        #expect(cuff.paired && !cuff.connected && !cuff.servicesResolved)
        #expect(await client.characteristics(of: SimHarness.cuffPath).isEmpty)
        // A reconnect resolves services again and the characteristic objects return.
        try await client.connect(device: SimHarness.cuffPath)
        _ = try await client.waitForServicesResolved(device: SimHarness.cuffPath, timeout: .seconds(10))
        let measurement = try await client.waitForCharacteristic(device: SimHarness.cuffPath, uuid: .bloodPressureMeasurement,
                                                                 timeout: .seconds(5))
        #expect(measurement.uuid == .bloodPressureMeasurement)
    }

    @Test func linkLeftOverByACrashedHubIsInTheInitialViewAndCanBeClosed() async throws {
        // failure-modes §13: bluetoothd keeps a link up after its owner died.
        let scenario = """
        {"description": "a bonded cuff still connected from before a hub crash",
         "adapters": [{"name": "hci0", "address": "00:1A:7D:DA:71:13"}],
         "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "name": "BLESmart_00000480AABBCC",
                          "paired": true, "connectedAtStart": true, "advertising": []}]}
        """
        let sim = try await SimHarness.start(scenarioData: Data(scenario.utf8))
        defer { Task { await sim.stop() } }
        let client = sim.client
        let cuff = try #require(await client.device(at: SimHarness.cuffPath))
        #expect(cuff.connected && cuff.servicesResolved && cuff.paired)
        // Resolved already: the wait returns at once, and the GATT tree came with GetManagedObjects.
        _ = try await client.waitForServicesResolved(device: cuff.path, timeout: .seconds(1))
        #expect(await client.characteristics(of: cuff.path).contains { $0.uuid == .bloodPressureMeasurement })
        try await client.disconnect(device: cuff.path)
        try await client.waitForDisconnect(device: cuff.path, timeout: .seconds(5))
        #expect(await client.device(at: cuff.path)?.connected == false)
    }

    @Test func adapterRemovedAndReturned() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        try await sim.discoverCuffAndScale()
        let log = EventLog(client.events())

        try await sim.simControl("RemoveAdapter", [.string("hci0"), .uint32(0), .string("")])
        _ = try await log.first("scale removed") { $0 == .deviceRemoved(SimHarness.scalePath, address: SimHarness.scaleAddress) }
        _ = try await log.first("adapter removed") { $0 == .adapterRemoved(SimHarness.adapter) }
        #expect(await client.adapters().isEmpty)
        #expect(await client.devices().isEmpty)
        await #expect(throws: BlueZError.self) { try await client.startDiscovery(adapter: SimHarness.adapter) }

        try await sim.simControl("RestoreAdapter", [.string("hci0"), .string("hci1")])
        let added = try await log.first("adapter back") { if case .adapterAdded = $0 { true } else { false } }
        guard case let .adapterAdded(adapter) = added else { return }
        #expect(adapter.path == "/org/bluez/hci1")
        #expect(adapter.address == "00:1A:7D:DA:71:13")
        if !adapter.powered {
            _ = try await log.first("powered") { if case let .adapterChanged(a, _) = $0 { a.powered } else { false } }
        }
        try await client.setDiscoveryFilter(adapter: adapter.path, DiscoveryFilter(uuids: [.bloodPressureService]))
        try await client.startDiscovery(adapter: adapter.path)
        let cuff = try await client.waitForDevice(address: SimHarness.cuffAddress, timeout: .seconds(10))
        #expect(cuff.adapter == adapter.path)
    }
}
