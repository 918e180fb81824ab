@testable import ClinicSync
@testable import DeviceSessions
import Display
import FHIR
import Foundation
@testable import GatewayStore
import HealthProfiles
@testable import ReadingPath
@testable import Readings
import Testing
import Triage

@Suite("Clinic thresholds: the store's set becomes the hub's overrides and the next assessment uses it")
struct ThresholdsTests {
    static let scale = "AA:BB:CC:DD:EE:02"
    /// PipelineScenarioTests' weights: day 11 is +1.6 kg over 3 days (green with the 2.0 default).
    static let weights: [Double] = [80.3, 80.3, 80.3, 80.3, 80.3, 80.3, 80.0, 80.0, 80.0, 80.0, 80.8, 81.6]

    static func local(day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ClinicFixture.stockholm
        return calendar.date(from: DateComponents(year: 2026, month: 11, day: 2 + day, hour: 7)) ?? Date(timeIntervalSince1970: 0)
    }

    static func weigh(_ pipeline: ReadingPipeline, day: Int, store: HubStore) async throws -> StoredReading {
        let time = DateTime(year: 2026, month: 11, day: UInt8(2 + day), hours: 7, minutes: 0, seconds: 0)
        let payload = Measurement.weight(
            WeightMeasurement(unit: .si, weightRaw: UInt16((weights[day] / 0.005).rounded()), timestamp: time)).encoded()
        let outcome = await pipeline.handle(MeasurementEvent(
            deviceAddress: scale, characteristic: .weightMeasurement, payload: payload,
            receivedAt: local(day: day).addingTimeInterval(60), connectionID: UInt64(day), device: DeviceIdentity(model: "test")))
        guard case .stored(let id) = outcome else { throw ThresholdTestError.notStored(day) }
        return try #require(try store.reading(id: ReadingID(rawValue: id)))
    }

    enum ThresholdTestError: Error { case notStored(Int) }

    @Test("weight.gain_3d_kg lowered to 1.5 by the clinic: the next weighing (+1.6 kg in 3 days) is YELLOW, audited with the clinic's who and why")
    func loweredGainLimitTurnsNextReadingYellow() async throws {
        let fixture = try ClinicFixture()
        try fixture.assign(Self.scale, patient: "pat-1")
        try fixture.store.setThreshold(patient: "pat-1", parameter: "sbp.high_yellow", value: 150, changedBy: "tech-1",
                                       reason: "set at installation", at: ClinicFixture.base)
        let display = DisplayHub(trends: TrendSeries.empty(endingAt: ClinicFixture.base))
        let pipeline = ReadingPipeline(
            store: fixture.store, display: display, configuration: PipelineConfiguration(language: .swedish, timeZone: ClinicFixture.stockholm))
        for day in 0...10 {
            #expect(try await Self.weigh(pipeline, day: day, store: fixture.store).assessment?.colour == .green, "day \(day)")
        }
        let port = try await fixture.server.start()
        let changedAt = Self.local(day: 11).addingTimeInterval(-3600)
        await fixture.server.state.setThresholds(PatientThresholds(patientID: "pat-1", thresholds: [
            PatientThreshold(name: "weight.gain_3d_kg", value: FHIRDecimal(text: "1.5") ?? FHIRDecimal(2), changedBy: "Sköterska Eva",
                             changedAt: changedAt, reason: "känslig för vätska"),
        ]))
        let (sync, client) = try fixture.sync(port: port)
        try await whileRunning(sync, client) { events in
            try await events.wait("the set applied") { $0.contains(.thresholdsApplied(patient: "pat-1", parameters: ["weight.gain_3d_kg", "sbp.high_yellow"])) }
            // The same version again changes nothing and is not reported again.
            try await events.wait("two more polls") { $0.successfulPolls >= 3 }
            let applied = await events.all.filter { if case .thresholdsApplied = $0 { true } else { false } }
            #expect(applied.count == 1)
        }
        #expect(try fixture.store.thresholds(patient: "pat-1") == ["weight.gain_3d_kg": 1.5], "exactly the store's set")
        let audit = try fixture.store.thresholdHistory(patient: "pat-1")
        let gain = try #require(audit.last(where: { $0.parameter == "weight.gain_3d_kg" }))
        #expect(gain.changedBy == "Sköterska Eva")
        #expect(gain.reason == "känslig för vätska")
        #expect(abs(gain.changedAt.timeIntervalSince(changedAt)) < 0.001)
        #expect(audit.last(where: { $0.parameter == "sbp.high_yellow" })?.newValue == nil, "the override not in the set was cleared, audited")
        #expect(try fixture.store.clinicCursor(patient: "pat-1").thresholdsVersion == "1")

        let next = try await Self.weigh(pipeline, day: 11, store: fixture.store)
        #expect(next.assessment?.colour == .yellow)
        #expect(next.assessment?.ruleIDs == ["W1"])
        await fixture.server.stop()
    }

    @Test("a set the rules refuse (unknown parameter) is not applied: the hub keeps its thresholds")
    func refusedSetKeepsThresholds() async throws {
        let fixture = try ClinicFixture()
        try fixture.assign(Self.scale, patient: "pat-1")
        try fixture.store.setThreshold(patient: "pat-1", parameter: "weight.gain_3d_kg", value: 2.5, changedBy: "tech-1",
                                       reason: "set at installation", at: ClinicFixture.base)
        let port = try await fixture.server.start()
        await fixture.server.state.setThresholds(PatientThresholds(patientID: "pat-1", thresholds: [
            PatientThreshold(name: "no.such_parameter", value: FHIRDecimal(1), changedBy: "x", changedAt: ClinicFixture.base, reason: "y"),
        ]))
        let (sync, client) = try fixture.sync(port: port)
        try await whileRunning(sync, client) { events in
            try await events.wait("two polls") { $0.successfulPolls >= 2 }
        }
        #expect(try fixture.store.thresholds(patient: "pat-1") == ["weight.gain_3d_kg": 2.5])
        #expect(try fixture.store.clinicCursor(patient: "pat-1").thresholdsVersion == nil)
        await fixture.server.stop()
    }
}
