import TestSupport
import BlueZ
import DBus
import Testing

/// The ObjectManager view against the simulator: GetManagedObjects at start, InterfacesAdded
/// afterwards, discovery with the hub's service filter (scenario fixtures/scenarios/cuff-and-scale.json).
@Suite(.serialized)
struct ClientViewTests {
    @Test func initialViewThenDiscoveryAddsTheCuffAndTheScale() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client

        // Built by GetManagedObjects during start(): the adapter, powered, before any signal.
        #expect(await client.isBlueZRunning())
        let adapter = try #require(await client.adapters().first)
        #expect(adapter.path == SimHarness.adapter)
        #expect(adapter.address == "00:1A:7D:DA:71:13")
        #expect(adapter.powered)
        #expect(await client.devices().isEmpty)

        let log = EventLog(client.events())
        let filter = DiscoveryFilter(uuids: [.bloodPressureService, .weightScaleService], transport: .le, duplicateData: true)
        try await client.setDiscoveryFilter(adapter: adapter.path, filter)
        try await client.startDiscovery(adapter: adapter.path)
        _ = try await log.first("Discovering=true") { event in
            if case let .adapterChanged(a, names) = event { names.contains("Discovering") && a.discovering } else { false }
        }

        let cuff = try await client.waitForDevice(address: SimHarness.cuffAddress, timeout: .seconds(10))
        let scale = try await client.waitForDevice(address: SimHarness.scaleAddress, timeout: .seconds(10))
        #expect(cuff.path == SimHarness.cuffPath)
        #expect(cuff.name == "BLESmart_00000480AABBCC")
        #expect(cuff.manufacturerData[0x020E] == [0x01, 0x00, 0x1C])
        #expect(cuff.offers(.bloodPressureService))
        #expect(cuff.rssi != nil)
        #expect(scale.offers(.weightScaleService))
        #expect(scale.serviceData[.weightScaleService] == [0x00])
        #expect(!cuff.paired && !cuff.connected)

        // Both arrived as InterfacesAdded after the initial view.
        let added = await log.all.compactMap { if case let .deviceAdded(d) = $0 { d.address } else { nil } }
        #expect(Set(added) == [SimHarness.cuffAddress, SimHarness.scaleAddress])

        try await client.stopDiscovery(adapter: adapter.path)
        _ = try await log.first("Discovering=false") { event in
            if case let .adapterChanged(a, names) = event { names.contains("Discovering") && !a.discovering } else { false }
        }
    }

    @Test func secondStartDiscoveryIsInProgress() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        try await sim.client.startDiscovery(adapter: SimHarness.adapter)
        // bluetoothd: one session per client; a second start is btd_error_busy.
        await #expect(throws: BlueZError.inProgress("Operation already in progress")) {
            try await sim.client.startDiscovery(adapter: SimHarness.adapter)
        }
        // A device object that does not exist (bleak#1176: removed between scan and connect).
        do {
            try await sim.client.connect(device: "/org/bluez/hci0/dev_00_11_22_33_44_55")
            Issue.record("Connect on a missing object succeeded")
        } catch {
            #expect(error.isObjectMissing)
        }
    }
}
