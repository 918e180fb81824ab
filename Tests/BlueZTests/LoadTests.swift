import TestSupport
import BlueZ
import DBus
import Testing

/// A burst far denser than any cuff (bluez-sim LoadRun): every indication reaches the value stream.
struct LoadTests {
    @Test func everyIndicationOfABurstArrives() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        try await sim.discoverCuffAndScale()
        let scale = SimHarness.scalePath
        try await client.connect(device: scale)
        _ = try await client.waitForServicesResolved(device: scale, timeout: .seconds(10))
        let measurement = try await client.waitForCharacteristic(device: scale, uuid: .weightMeasurement, timeout: .seconds(5))
        let values = EventLog(client.values(of: measurement.path))
        try await client.startNotify(characteristic: measurement.path)
        for index in StoredReadings.scale.indices {
            #expect(try await values.first("stored \(index)") { _ in true } == StoredReadings.scale[index])
        }
        let count = 2_000
        let clock = ContinuousClock()
        let start = clock.now
        try await sim.simControl("LoadRun", [.string(SimHarness.scaleAddress), .uint32(UInt32(count)), .double(2_000)])
        // The payload is the simulator's choice (stored readings are used up); all are identical.
        var received = 0
        var payloads: Set<[UInt8]> = []
        for _ in 0..<count {
            guard let value = try await values.first("load \(received)", within: 20, where: { _ in true }) else { break }
            payloads.insert(value)
            received += 1
        }
        #expect(payloads.count == 1)
        #expect(received == count)
        print("LoadTests: \(count) indications through the value stream in \(clock.now - start)")
    }
}
