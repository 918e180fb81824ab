import TestSupport
import BlueZ
import DBus
import Testing

/// bluetoothd's connect and GATT failures (reference/bluez-failure-modes.md §1, §2) as the client
/// reports them, injected by the simulator.
@Suite(.serialized)
struct FaultTests {
    static let cuffFault = #"{"device":"AA:BB:CC:DD:EE:01"}"#

    @Test func staleConnectIsInProgressAndTransient() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        try await sim.discoverCuffAndScale()
        try await sim.inject("connect-in-progress", Self.cuffFault)
        do {
            try await sim.client.connect(device: SimHarness.cuffPath)
            Issue.record("Connect succeeded despite the injected InProgress")
        } catch {
            #expect(error == .inProgress("In Progress"))
            #expect(error.isTransient)
        }
        try await sim.client.connect(device: SimHarness.cuffPath)
        _ = try await sim.client.waitForServicesResolved(device: SimHarness.cuffPath, timeout: .seconds(10))
    }

    @Test func abortByLocalFlapsTheLinkAndARetryAfterTheDisconnectSucceeds() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        let cuff = SimHarness.cuffPath
        try await sim.discoverCuffAndScale()
        let log = EventLog(client.events())
        try await sim.inject("connect-abort-by-local", Self.cuffFault)
        do {
            try await client.connect(device: cuff)
            Issue.record("Connect succeeded despite the injected abort")
        } catch {
            #expect(error == .failed("le-connection-abort-by-local"))
            #expect(error.isTransient && !error.isBondProblem)
        }
        // The link did come up for a moment (bleak PR #1255): wait for Connected=false, then retry.
        _ = try await log.first("Connected=true") { $0 == .connected(cuff) }
        _ = try await log.first("Connected=false") { if case .disconnected(cuff, _) = $0 { true } else { false } }
        try await client.waitForDisconnect(device: cuff, timeout: .seconds(5))
        try await client.connect(device: cuff)
        let resolved = try await client.waitForServicesResolved(device: cuff, timeout: .seconds(10))
        #expect(resolved.connected)
    }

    @Test func connectTimeoutCancelsThePendingConnectSoTheNextOneIsNotInProgress() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        try await sim.discoverCuffAndScale()
        try await sim.inject("connect-timeout", Self.cuffFault)
        do {
            try await sim.client.connect(device: SimHarness.cuffPath, timeout: .milliseconds(300))
            Issue.record("Connect succeeded despite the injected timeout")
        } catch {
            guard case .timeout = error else {
                Issue.record("expected a timeout, got \(error)")
                return
            }
            #expect(error.isTransient)
        }
        try await sim.client.connect(device: SimHarness.cuffPath)
        _ = try await sim.client.waitForServicesResolved(device: SimHarness.cuffPath, timeout: .seconds(10))
    }

    @Test func linkLossWhileResolvingIsLinkLostWithBlueZsReason() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let scale = SimHarness.scalePath
        try await sim.discoverCuffAndScale()
        try await sim.inject("services-delay", #"{"device":"AA:BB:CC:DD:EE:02","delayMs":5000}"#)
        let log = EventLog(sim.client.events())
        try await sim.client.connect(device: scale)
        _ = try await log.first("Connected=true") { $0 == .connected(scale) }
        let waiter = Task { try await sim.client.waitForServicesResolved(device: scale, timeout: .seconds(10)) }
        try await sim.inject("disconnect", #"{"device":"AA:BB:CC:DD:EE:02","reason":"remote"}"#)
        let result = await waiter.result
        switch result {
        case .success: Issue.record("ServicesResolved reported although the link dropped")
        case let .failure(error):
            guard case let .linkLost(device, reason) = error as? BlueZError else {
                Issue.record("expected linkLost, got \(error)")
                return
            }
            #expect(device == scale)
            #expect(reason == "org.bluez.Reason.Remote")
        }
    }

    @Test("ATT errors arrive with bluetoothd's names and texts", arguments: [
        (UInt8(0x02), BlueZError.notPermitted("Read not permitted")),
        (UInt8(0x80), BlueZError.failed("Operation failed with ATT error: 0x80")),
    ])
    func attErrorsOnRead(code: UInt8, expected: BlueZError) async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let scale = SimHarness.scalePath
        try await sim.discoverCuffAndScale()
        try await sim.client.connect(device: scale)
        let battery = try await sim.client.waitForCharacteristic(device: scale, uuid: BluetoothUUID(0x2A19), timeout: .seconds(10))
        try await sim.inject("att-error", #"{"device":"AA:BB:CC:DD:EE:02","characteristic":"2A19","code":\#(code)}"#)
        await #expect(throws: expected) { try await sim.client.readValue(characteristic: battery.path) }
        #expect(try await sim.client.readValue(characteristic: battery.path) == [64])
    }

    @Test func removedDeviceIsUnknownObject() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        try await sim.discoverCuffAndScale()
        // Discovery off first: while it runs, the scale's next advertisement makes the object
        // again, as bluetoothd does (the test then raced the simulator's advertising).
        try await sim.client.stopDiscovery(adapter: SimHarness.adapter)
        let log = EventLog(sim.client.events())
        try await sim.client.removeDevice(SimHarness.scalePath)
        _ = try await log.first("scale removed") { $0 == .deviceRemoved(SimHarness.scalePath, address: SimHarness.scaleAddress) }
        #expect(await sim.client.device(at: SimHarness.scalePath) == nil)
        do {
            try await sim.client.connect(device: SimHarness.scalePath)
            Issue.record("Connect on a removed device succeeded")
        } catch {
            #expect(error.isObjectMissing)
        }
    }
}
