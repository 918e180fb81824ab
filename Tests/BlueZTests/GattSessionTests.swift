import TestSupport
import BlueZ
import DBus
import Testing

/// Payloads of fixtures/payloads/sim-basic.json (synthetic readings of the simulator), in the
/// order the scenario stores them.
enum StoredReadings {
    static let cuff: [[UInt8]] = [
        hex("06780050005d00ea070b14081e004800"), hex("06870055006600ea070b15090f005000"), hex("068e005a006b00ea070b16072d005800"),
    ]
    static let scale: [[UInt8]] = [hex("027440ea070b14071e00"), hex("022440ea070b15071e00")]

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while let end = text.index(index, offsetBy: 2, limitedBy: text.endIndex), index < text.endIndex {
            bytes.append(UInt8(text[index..<end], radix: 16) ?? 0)
            index = end
        }
        return bytes
    }
}

/// Connect, resolve, read, subscribe and pair against the simulated cuff and scale.
@Suite(.serialized)
struct GattSessionTests {
    @Test func pairTheCuffWithItsPasskeyThenReadEveryStoredReading() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        let (_, delegate) = try await sim.startAgent(passkey: 246_810)
        try await sim.discoverCuffAndScale()
        let cuff = SimHarness.cuffPath

        try await client.setTrusted(device: cuff, true)
        try await client.pair(device: cuff)
        #expect(await delegate.calls.contains("RequestPasskey \(SimHarness.cuffAddress)"))
        _ = try await client.waitForServicesResolved(device: cuff, timeout: .seconds(10))
        // Paired and Trusted come in PropertiesChanged signals of their own, which may follow
        // ServicesResolved under load: wait for the view to hold all three.
        try await waitUntil("the cuff paired, trusted and connected in the client's view", within: 10) {
            guard let device = await client.device(at: cuff) else { return false }
            return device.paired && device.trusted && device.connected
        }

        let manufacturer = try await client.waitForCharacteristic(device: cuff, uuid: BluetoothUUID(0x2A29), timeout: .seconds(5))
        #expect(String(decoding: try await client.readValue(characteristic: manufacturer.path), as: UTF8.self) == "OMRON HEALTHCARE")
        let model = try await client.waitForCharacteristic(device: cuff, uuid: BluetoothUUID(0x2A24), timeout: .seconds(5))
        #expect(String(decoding: try await client.readValue(characteristic: model.path), as: UTF8.self) == "BP7000-SIM")
        let battery = try await client.waitForCharacteristic(device: cuff, uuid: BluetoothUUID(0x2A19), timeout: .seconds(5))
        #expect(try await client.readValue(characteristic: battery.path) == [87])

        let measurement = try await client.waitForCharacteristic(device: cuff, uuid: .bloodPressureMeasurement, timeout: .seconds(5))
        #expect(measurement.flags.contains("indicate"))
        #expect(measurement.path == "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_01/service000c/char000d")
        let values = EventLog(client.values(of: measurement.path))
        try await client.startNotify(characteristic: measurement.path)
        var received: [[UInt8]] = []
        for index in StoredReadings.cuff.indices {
            received.append(try #require(try await values.first("reading \(index)") { _ in true }))
        }
        #expect(received == StoredReadings.cuff)
        #expect(await client.characteristic(at: measurement.path)?.notifying == true)

        // Two identical indications are two elements (BlueZ flushes Value per PDU, no dedup).
        try await sim.simControl("TriggerReadings", [.string(SimHarness.cuffAddress), .strings(["sim-bp-1", "sim-bp-1"])])
        let first = try await values.first("repeat 1") { _ in true }
        let second = try await values.first("repeat 2") { _ in true }
        #expect(first == StoredReadings.cuff[0])
        #expect(second == StoredReadings.cuff[0])
    }

    @Test func subscribingBeforePairingPairsImplicitlyThroughTheDefaultAgent() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        let (_, delegate) = try await sim.startAgent(passkey: 246_810)
        try await sim.discoverCuffAndScale()
        let cuff = SimHarness.cuffPath
        try await client.connect(device: cuff)
        _ = try await client.waitForServicesResolved(device: cuff, timeout: .seconds(10))
        let measurement = try await client.waitForCharacteristic(device: cuff, uuid: .bloodPressureMeasurement, timeout: .seconds(5))
        let values = EventLog(client.values(of: measurement.path))
        // The CCCD needs encryption: bluetoothd upgrades security and asks the *default* agent.
        try await client.startNotify(characteristic: measurement.path)
        #expect(await delegate.calls.contains("RequestPasskey \(SimHarness.cuffAddress)"))
        let first = try await values.first("first reading") { _ in true }
        #expect(first == StoredReadings.cuff[0])
    }

    @Test func subscribingBeforePairingWithoutAnAgentIsNotPaired() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        try await sim.discoverCuffAndScale()
        try await client.connect(device: SimHarness.cuffPath)
        _ = try await client.waitForServicesResolved(device: SimHarness.cuffPath, timeout: .seconds(10))
        let measurement = try await client.waitForCharacteristic(device: SimHarness.cuffPath, uuid: .bloodPressureMeasurement,
                                                                 timeout: .seconds(5))
        do {
            try await client.startNotify(characteristic: measurement.path)
            Issue.record("StartNotify succeeded on a protected CCCD without a bond")
        } catch {
            #expect(error == .notPermitted("Not paired"))
            #expect(error.isBondProblem && !error.isTransient)
        }
    }

    @Test func cancelPairingReachesTheAgentAndFailsThePair() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let delegate = WaitingDelegate()
        let agent = PairingAgent(client: sim.client, delegate: delegate)
        try await agent.start()
        try await sim.discoverCuffAndScale()
        let pairing = Task { try await sim.client.pair(device: SimHarness.cuffPath) }
        try await withTimeout(10, "passkey request") { await delegate.waitForRequest() }
        try await sim.client.cancelPairing(device: SimHarness.cuffPath)
        let result = await pairing.result
        guard case let .failure(error) = result, let error = error as? BlueZError else {
            Issue.record("Pair did not fail after CancelPairing")
            return
        }
        #expect(error == .authenticationCanceled("Authentication Canceled"))
        #expect(!error.isTransient)
        await agent.stop()
    }

    @Test func agentRefusesCallersOtherThanBluetoothd() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let (agent, delegate) = try await sim.startAgent(passkey: 246_810)
        await #expect(throws: DBusError.remote(name: "org.bluez.Error.Rejected", message: "only bluetoothd may call the agent")) {
            try await sim.control.call(destination: sim.client.connection.uniqueName, path: agent.path, interface: "org.bluez.Agent1",
                                       method: "RequestPasskey", arguments: [.objectPath(SimHarness.cuffPath)])
        }
        #expect(await delegate.calls.isEmpty)
    }

    @Test func justWorksScaleConnectsResolvesAndIndicatesBothReadings() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        _ = try await sim.startAgent(passkey: nil)
        try await sim.discoverCuffAndScale()
        let scale = SimHarness.scalePath
        let log = EventLog(client.events())

        try await client.pair(device: scale)
        _ = try await client.waitForServicesResolved(device: scale, timeout: .seconds(10))
        _ = try await log.first("connected") { $0 == .connected(scale) }
        let measurement = try await client.waitForCharacteristic(device: scale, uuid: .weightMeasurement, timeout: .seconds(5))
        #expect(await client.characteristics(of: scale).contains(measurement))
        let values = EventLog(client.values(of: measurement.path))
        try await client.startNotify(characteristic: measurement.path)
        var received: [[UInt8]] = []
        for index in StoredReadings.scale.indices {
            received.append(try #require(try await values.first("reading \(index)") { _ in true }))
        }
        #expect(received == StoredReadings.scale)
    }

    @Test func wrongPasskeyIsAuthenticationFailed() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let (_, delegate) = try await sim.startAgent(passkey: 111_111)
        try await sim.discoverCuffAndScale()
        await #expect {
            try await sim.client.pair(device: SimHarness.cuffPath)
        } throws: { error in
            guard let error = error as? BlueZError, case .authenticationFailed = error else { return false }
            return !error.isTransient && error.isBondProblem
        }
        #expect(await delegate.calls.contains("RequestPasskey \(SimHarness.cuffAddress)"))
        #expect(await sim.client.device(at: SimHarness.cuffPath)?.paired == false)
    }

    @Test func refusedPasskeyRequestIsAuthenticationFailed() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let (_, delegate) = try await sim.startAgent(passkey: nil)
        try await sim.discoverCuffAndScale()
        await #expect {
            try await sim.client.pair(device: SimHarness.cuffPath)
        } throws: { error in
            if case .authenticationFailed = error as? BlueZError { true } else { false }
        }
        // The refusal came from our delegate (org.bluez.Error.Rejected), not from a missing agent.
        #expect(await delegate.calls == ["RequestPasskey \(SimHarness.cuffAddress)"])
    }
}
