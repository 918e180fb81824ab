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
        let resolved = try await client.waitForServicesResolved(device: cuff, timeout: .seconds(10))
        #expect(resolved.paired && resolved.trusted && resolved.connected)

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
