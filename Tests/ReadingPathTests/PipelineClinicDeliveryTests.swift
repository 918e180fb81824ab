import Display
import Foundation
@testable import GatewayStore
import HealthProfiles
@testable import ReadingPath
import Readings
import Testing
import Triage

/// The patient is told the clinic has a value only once the clinic's store accepted it (issue 11,
/// item 5): triage's "your clinic is told" sentence is shown as "no clinic", "being sent" or "the
/// clinic has it", and the page changes when the forwarder reports the delivery.
@Suite("The page says what the clinic has")
struct PipelineClinicDeliveryTests {
    static let informed = Texts.render(PatientMessage(.clinicInformed), in: .swedish)
    static let notConnected = Texts.render(PatientMessage(.clinicNotConnected), in: .swedish)
    static let sending = Texts.render(PatientMessage(.clinicSending), in: .swedish)
    static let hasValue = Texts.render(PatientMessage(.clinicHasValue), in: .swedish)

    /// A yellow reading (B1: 18.9/11.0 kPa) whose assessment tells the patient the clinic is informed.
    static func yellow(_ fixture: PipelineFixture) async throws -> ReadingID {
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let outcome = await fixture.pipeline.handle(
            try PipelineFixture.event(fixture: "bpm-kpa-pulse-is-bpm", receivedAt: PipelineFixture.local(2026, 11, 23, 9, 0)))
        guard case .stored(let raw) = outcome else { throw Failure("expected stored, got \(outcome)") }
        let id = ReadingID(rawValue: raw)
        // The stored assessment keeps triage's own sentence: the substitution is the page's alone.
        #expect(try fixture.store.reading(id: id)?.assessment?.textSV.contains(informed) == true)
        return id
    }

    static func configuration(forwarding: Bool) -> PipelineConfiguration {
        var configuration = PipelineFixture.configuration
        configuration.forwarding = forwarding
        return configuration
    }

    @Test("without forwarding the page says no clinic gets the value, never that the clinic has it")
    func notConnected() async throws {
        let fixture = try PipelineFixture(configuration: Self.configuration(forwarding: false))
        _ = try await Self.yellow(fixture)
        let shown = try #require(await fixture.hub.state.latest)
        #expect(shown.tone == .yellow)
        #expect(shown.detail.contains(Self.notConnected), "\(shown.detail)")
        #expect(!shown.detail.contains(Self.informed) && !shown.detail.contains(Self.hasValue))
    }

    @Test("with forwarding the value is 'being sent' until the store accepts it; then the page updates in place")
    func sendingThenDelivered() async throws {
        let fixture = try PipelineFixture(configuration: Self.configuration(forwarding: true))
        let id = try await Self.yellow(fixture)
        let before = try #require(await fixture.hub.state.latest)
        #expect(before.detail.contains(Self.sending), "\(before.detail)")
        #expect(!before.detail.contains(Self.hasValue) && !before.detail.contains(Self.informed))

        try fixture.store.markSent(ids: [OutboxID(rawValue: id.rawValue)], at: PipelineFixture.local(2026, 11, 23, 9, 1))
        let revision = await fixture.hub.state.revision
        await fixture.pipeline.delivered([id])
        let after = try #require(await fixture.hub.state.latest)
        #expect(after.id == before.id && after.valueText == before.valueText && after.tone == .yellow)
        #expect(after.headline == before.headline)
        #expect(after.detail == before.detail.replacingOccurrences(of: Self.sending, with: Self.hasValue), "\(after.detail)")
        #expect(after.detail.contains(Self.hasValue))
        #expect(await fixture.hub.state.revision > revision)
    }

    @Test("after a restart the page knows which readings the clinic already has")
    func startupKnowsDelivery() async throws {
        let fixture = try PipelineFixture(configuration: Self.configuration(forwarding: true))
        let id = try await Self.yellow(fixture)
        try fixture.store.markSent(ids: [OutboxID(rawValue: id.rawValue)], at: PipelineFixture.local(2026, 11, 23, 9, 1))
        let page = DisplayHub(trends: TrendSeries.empty(endingAt: Date(timeIntervalSince1970: 0)))
        let restarted = ReadingPipeline(store: fixture.store, display: page, configuration: Self.configuration(forwarding: true))
        try await restarted.start(now: PipelineFixture.local(2026, 11, 23, 10, 0))
        let shown = try #require(await page.state.latest)
        #expect(shown.headline.contains(Self.hasValue), "\(shown.headline)")
        #expect(!shown.headline.contains(Self.informed))

        let otherPage = DisplayHub(trends: TrendSeries.empty(endingAt: Date(timeIntervalSince1970: 0)))
        let unforwarded = ReadingPipeline(store: fixture.store, display: otherPage, configuration: Self.configuration(forwarding: false))
        try await unforwarded.start(now: PipelineFixture.local(2026, 11, 23, 10, 0))
        #expect(try #require(await otherPage.state.latest).headline.contains(Self.notConnected))
    }

    @Test("a delivery report for a reading no longer on the page does nothing")
    func deliveredOffPage() async throws {
        let fixture = try PipelineFixture(configuration: Self.configuration(forwarding: true))
        _ = try await Self.yellow(fixture)
        let revision = await fixture.hub.state.revision
        await fixture.pipeline.delivered([ReadingID(rawValue: 987_654)])
        #expect(await fixture.hub.state.revision == revision)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
