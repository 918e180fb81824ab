import TestSupport
import Foundation
@testable import DeviceSessions
@testable import GatewayStore
import HealthProfiles
import Testing

/// The pipeline decodes through the device's quirks, and stores the bytes as they came.
@Suite struct PipelineQuirksTests {
    @Test("a Beurer cuff's big-endian pulse is read through its quirk; the raw frame is stored unchanged")
    func beurerThroughPipeline() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let received = PipelineFixture.local(2024, 6, 15, 17, 20)
        var event = PipelineFixture.event(.bloodPressureMeasurement, QuirksTests.beurer, address: PipelineFixture.cuff,
                                          receivedAt: received)
        event.device = DeviceIdentity(advertisedName: "BM85")
        let outcome = await fixture.pipeline.handle(event)
        guard case .stored(let id) = outcome else { Issue.record("expected stored, got \(outcome)"); return }
        let stored = try #require(try fixture.store.reading(id: ReadingID(rawValue: id)))
        #expect(stored.reading.systolic == 124 && stored.reading.diastolic == 86)
        #expect(stored.reading.pulse == 51)
        #expect(stored.reading.raw == QuirksTests.beurer)
    }

    @Test("the same frame from a device without that quirk is refused, not misread")
    func sameBytesWithoutQuirkRejected() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let event = PipelineFixture.event(.bloodPressureMeasurement, QuirksTests.beurer, address: PipelineFixture.cuff,
                                          receivedAt: PipelineFixture.local(2024, 6, 15, 17, 20))
        guard case .rejected = await fixture.pipeline.handle(event) else { Issue.record("misread a Beurer frame"); return }
        #expect(try fixture.store.recentReadings(limit: 10).isEmpty)
    }
}
