import TestSupport
import BlueZ
import DBus
import Testing

/// The client against the `bluez-sim` executable as CI and developers run it (separate process).
struct SimExecutableTests {
    @Test func clientFollowsTheSimulatorProcessThroughACrash() async throws {
        let executable = try #require(SimProcess.executable, "bluez-sim is not built next to the test bundle")
        let bus = try PrivateBus()
        defer { bus.stop() }
        let sim = try SimProcess(executable: executable,
                                 scenario: SimHarness.fixtures.appendingPathComponent("scenarios/cuff-and-scale.json"),
                                 busAddress: bus.address)
        defer { sim.stop() }
        let client = try await BlueZDBusClient.connect(address: bus.address)
        defer { Task { await client.stop(); client.connection.close() } }
        #expect(await client.defaultAdapter()?.path == SimHarness.adapter)

        let log = EventLog(client.events())
        try await client.setDiscoveryFilter(adapter: SimHarness.adapter, DiscoveryFilter(uuids: [.weightScaleService]))
        try await client.startDiscovery(adapter: SimHarness.adapter)
        _ = try await client.waitForDevice(address: SimHarness.scaleAddress, timeout: .seconds(10))

        _ = try await client.connection.call(destination: "org.carehub.BlueZSim", path: "/", interface: "org.carehub.BlueZSim1",
                                             method: "RestartDaemon", arguments: [.boolean(true)])
        _ = try await log.first("vanished") { $0 == .bluezVanished }
        _ = try await log.first("appeared", within: 15) { if case .bluezAppeared = $0 { true } else { false } }
        #expect(await client.isBlueZRunning())
        #expect(await client.device(address: SimHarness.scaleAddress) == nil)
    }
}
