import TestSupport
import BlueZ
import BlueZSim
import DBus
import Display
import Foundation
@testable import DeviceSessions
import GatewayStore
import HealthProfiles
import Testing

/// End to end over a real bus: private dbus-daemon + the simulator (the code behind `bluez-sim`,
/// scenario cuff-and-scale.json) → BlueZ client pair + StartNotify on the cuff's 0x2A35 → values →
/// MeasurementEvent → pipeline → a DisplayHub subscriber sees each reading with its colour.
/// The BlueZ glue here is minimal; the real device sessions live in Sources/Gateway/Sessions.
@Suite(.serialized) struct PipelineBusTests {
    @Test("cuff memory (120/80, 135/85, 142/90) arrives over D-Bus and is shown green, yellow, yellow")
    func cuffOverTheBus() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(SimHarness.cuffAddress, patient: "p-bus")
        let events = EventLog(await fixture.hub.subscribe())
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let client = sim.client
        _ = try await sim.startAgent(passkey: 246_810)
        try await sim.discoverCuffAndScale()
        try await client.setTrusted(device: SimHarness.cuffPath, true)
        try await client.pair(device: SimHarness.cuffPath)
        _ = try await client.waitForServicesResolved(device: SimHarness.cuffPath, timeout: .seconds(10))
        let measurement = try await client.waitForCharacteristic(
            device: SimHarness.cuffPath, uuid: .bloodPressureMeasurement, timeout: .seconds(5))
        let values = client.values(of: measurement.path)
        let pipeline = fixture.pipeline
        let glue = Task {
            var outcomes: [MeasurementOutcome] = []
            for await value in values {
                let event = MeasurementEvent(
                    deviceAddress: SimHarness.cuffAddress, characteristic: .bloodPressureMeasurement, payload: value,
                    receivedAt: Date(), connectionID: 1, device: DeviceIdentity(model: "BP7000-SIM"))
                outcomes.append(await pipeline.handle(event))
                if outcomes.count == 3 { break }
            }
            return outcomes
        }
        try await client.startNotify(characteristic: measurement.path)
        var tones: [DisplayTone] = []
        var texts: [String] = []
        for index in 0..<3 {
            let event = try await events.first("display reading \(index)") { event in
                if case .reading = event { return true }
                return false
            }
            if case .reading(let reading)? = event {
                tones.append(reading.tone)
                texts.append(reading.valueText)
            }
        }
        #expect(tones == [.green, .yellow, .yellow])
        #expect(texts.first == "120/80\u{00A0}mmHg · puls\u{00A0}72")
        let outcomes = try await withTimeout(10, "glue") { await glue.value }
        #expect(outcomes.allSatisfy { if case .stored = $0 { true } else { false } })
        #expect(try fixture.store.recentReadings(limit: 10).count == 3)
    }
}
