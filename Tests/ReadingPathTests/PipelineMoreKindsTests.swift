import Display
import Foundation
@testable import DeviceSessions
@testable import ReadingPath
@testable import GatewayStore
import HealthProfiles
import Testing
import Triage

/// Body composition, temperature, SpO2 and glucose (migration v2-more-kinds): real payload fixtures
/// through the pipeline into a real SQLite file; no rule judges them (`info.no-rule`).
@Suite struct PipelineMoreKindsTests {
    /// One fixture and what must come out of it.
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var kind: GatewayStore.ReadingKind
        var received: Date
        /// name → (value, unit, MDC code); values compared to 1e-9.
        var quantities: [String: (Double, String, Int)]
        var deviceTime: String?
        var mdc: Int
        var valueText: String
        var timeText: String
        var testDescription: String { fixture }
    }

    static let nb = "\u{00A0}"
    /// Receive times one minute after the fixtures' device clocks (Stockholm), so the device time is used.
    static let valid: [Case] = [
        Case(
            fixture: "bcm-all-fields", kind: .bodyComposition, received: PipelineFixture.local(2024, 11, 23, 7, 31),
            quantities: ["body_fat": (25, "%", 188_748), "weight": (70, "kg", 188_736), "height": (1.75, "m", 188_740)],
            deviceTime: "2024-11-23T07:30:00", mdc: 188_748, valueText: "70,0\(nb)kg · kroppsfett\(nb)25,0\(nb)%",
            timeText: "I dag 07:30"),
        Case(
            fixture: "bcm-imperial-weight-height", kind: .bodyComposition, received: PipelineFixture.local(2026, 11, 23, 7, 0),
            quantities: ["body_fat": (12, "%", 188_748), "weight": (157, "[lb_av]", 188_736), "height": (69.3, "[in_i]", 188_740)],
            deviceTime: nil, mdc: 188_748, valueText: "71,2\(nb)kg · kroppsfett\(nb)12,0\(nb)%", timeText: "I dag 07:00"),
        Case(
            fixture: "temp-nordic-finger", kind: .temperature, received: PipelineFixture.local(2012, 12, 5, 11, 51),
            quantities: ["temperature": (37.6, "Cel", 150_364)], deviceTime: "2012-12-05T11:50:27", mdc: 150_364,
            valueText: "37,6\(nb)°C", timeText: "I dag 11:50"),
        Case(
            fixture: "temp-fahrenheit", kind: .temperature, received: PipelineFixture.local(2026, 11, 23, 7, 0),
            quantities: ["temperature": (98.6, "[degF]", 150_364)], deviceTime: nil, mdc: 150_364,
            valueText: "37,0\(nb)°C", timeText: "I dag 07:00"),
        Case(
            fixture: "plx-minimal", kind: .spo2, received: PipelineFixture.local(2026, 11, 23, 7, 0),
            quantities: ["spo2": (98, "%", 150_456), "pulse": (72, "/min", 149_530)], deviceTime: nil, mdc: 150_456,
            valueText: "98\(nb)% · puls\(nb)72", timeText: "I dag 07:00"),
        Case(
            fixture: "plx-clock-not-set", kind: .spo2, received: PipelineFixture.local(2026, 11, 23, 7, 0),
            quantities: ["spo2": (97, "%", 150_456), "pulse": (75, "/min", 149_530)], deviceTime: nil, mdc: 150_456,
            valueText: "97\(nb)% · puls\(nb)75", timeText: "I dag 07:00"),
        Case(
            fixture: "glucose-mol-per-litre", kind: .glucose, received: PipelineFixture.local(2024, 11, 23, 7, 31),
            quantities: ["glucose": (5.5, "mmol/L", 160_184)], deviceTime: "2024-11-23T07:30:00", mdc: 160_184,
            valueText: "5,5\(nb)mmol/l", timeText: "I dag 07:30"),
        // 0.00095 kg/L = 95 mg/dL = 5.27 mmol/L.
        Case(
            fixture: "glucose-kg-per-litre-finger", kind: .glucose, received: PipelineFixture.local(2024, 11, 23, 7, 31),
            quantities: ["glucose": (95, "mg/dL", 160_184)], deviceTime: "2024-11-23T07:30:00", mdc: 160_184,
            valueText: "5,3\(nb)mmol/l", timeText: "I dag 07:30"),
    ]

    @Test("stored with quantities, raw payload, device time and PHD id; assessed info.no-rule; shown as 'Sparat'",
          arguments: valid)
    func storedAndShown(_ c: Case) async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .other)
        let event = try PipelineFixture.event(fixture: c.fixture, address: PipelineFixture.scale, receivedAt: c.received)
        let outcome = await fixture.pipeline.handle(event)
        guard case .stored(let raw) = outcome else { Issue.record("expected stored, got \(outcome)"); return }
        let id = ReadingID(rawValue: raw)
        let stored = try #require(try fixture.store.reading(id: id))
        #expect(stored.reading.kind == c.kind)
        #expect(stored.reading.raw == event.payload)
        #expect(stored.reading.deviceTime == c.deviceTime)
        #expect(stored.reading.phdIdentifier.hasPrefix("AABBCCDDEE02-p-1-\(c.mdc)-"))
        #expect(stored.reading.systolic == nil && stored.reading.weight == nil && stored.reading.pulse == nil)
        let quantities = try fixture.store.quantities(readingIDs: [id])[id] ?? []
        #expect(quantities.count == c.quantities.count)
        for quantity in quantities {
            let expected = try #require(c.quantities[quantity.name], "unexpected quantity \(quantity.name)")
            #expect(abs(quantity.value - expected.0) < 1e-9, "\(quantity.name)")
            #expect(quantity.unit == expected.1 && quantity.mdcCode == expected.2, "\(quantity.name)")
        }
        let assessment = try #require(stored.assessment)
        #expect(assessment.colour == .green && assessment.ruleIDs == ["info.no-rule"] && assessment.priority == .none)
        #expect(assessment.textSV == "Värdet är sparat. Hubben bedömer inte den här sortens värde. Kontakta vården som vanligt om du mår sämre.")
        #expect(assessment.textEN.hasPrefix("The value has been saved."))
        #expect(assessment.observationsJSON.contains("info.no-rule"))
        #expect(try fixture.store.pendingOutbox(limit: 10, now: c.received).map(\.id.rawValue) == [raw])
        let shown = try #require(await fixture.hub.state.latest)
        #expect(shown.id == String(raw))
        #expect(shown.tone == .info)
        #expect(shown.valueText == c.valueText)
        #expect(shown.timeText == c.timeText)
        #expect(shown.headline == "Värdet är sparat.")
        #expect(shown.detail == "Hubben bedömer inte den här sortens värde. Kontakta vården som vanligt om du mår sämre.")
        let html = PageRendererProbe.latest(await fixture.hub.state)
        #expect(html.contains("Sparat") && !html.contains(">Bra<"))
    }

    @Test("a value that cannot be judged is stored grey 'measure again' (Q1), without a value in words",
          arguments: ["temp-bsp-float-nan", "plx-nan", "plx-spezi-spot-check", "bcm-unsuccessful", "glucose-minimal", "glucose-nordic-full"])
    func invalidStoredGrey(_ id: String) async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .other)
        let received = PipelineFixture.local(2026, 11, 23, 7, 0)
        let outcome = await fixture.pipeline.handle(
            try PipelineFixture.event(fixture: id, address: PipelineFixture.scale, receivedAt: received))
        guard case .stored(let raw) = outcome else { Issue.record("expected stored, got \(outcome)"); return }
        let stored = try #require(try fixture.store.reading(id: ReadingID(rawValue: raw)))
        #expect(stored.assessment?.colour == .grey && stored.assessment?.ruleIDs == ["Q1"])
        let shown = try #require(await fixture.hub.state.latest)
        #expect(shown.tone == .grey && shown.valueText == "–")
    }

    @Test("glucose time is base time + offset: 11:10:30 − 5 min")
    func glucoseOffset() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .other)
        let outcome = await fixture.pipeline.handle(
            try PipelineFixture.event(
                fixture: "glucose-nordic-full", address: PipelineFixture.scale, receivedAt: PipelineFixture.local(2019, 2, 27, 11, 20)))
        guard case .stored(let raw) = outcome else { Issue.record("expected stored, got \(outcome)"); return }
        let stored = try #require(try fixture.store.reading(id: ReadingID(rawValue: raw)))
        #expect(stored.reading.deviceTime == "2019-02-27T11:05:30")
        #expect(stored.reading.effectiveAt == PipelineFixture.local(2019, 2, 27, 11, 5, 30))
    }

    @Test("values that are not the patient's are ignored: multi-packet part, oximeter test data, control solution")
    func notThePatientsIgnored() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .other)
        let now = PipelineFixture.local(2026, 11, 23, 7, 0)
        let testData = PLXSpotCheckMeasurement(
            spo2: try #require(MedFloat16(mantissa: 97, exponent: 0)), pulseRate: try #require(MedFloat16(mantissa: 70, exponent: 0)),
            measurementStatus: 1 << 11)
        let control = GlucoseMeasurement(
            sequenceNumber: 9, baseTime: DateTime(year: 2026, month: 11, day: 23, hours: 6, minutes: 59, seconds: 0),
            concentration: .init(unit: .molePerLitre, value: try #require(MedFloat16(mantissa: 55, exponent: -4)), type: 10, sampleLocation: 4))
        let events = [
            try PipelineFixture.event(fixture: "bcm-multi-packet-1", address: PipelineFixture.scale, receivedAt: now),
            PipelineFixture.event(.plxSpotCheckMeasurement, testData.encoded(), address: PipelineFixture.scale, receivedAt: now),
            PipelineFixture.event(.glucoseMeasurement, control.encoded(), address: PipelineFixture.scale, receivedAt: now),
        ]
        for event in events {
            let outcome = await fixture.pipeline.handle(event)
            guard case .ignored = outcome else { Issue.record("\(event.characteristic): expected ignored, got \(outcome)"); continue }
        }
        #expect(try fixture.store.recentReadings(limit: 10).isEmpty)
        #expect(await fixture.hub.state.latest == nil)
    }

    @Test("a split body composition (Multiple Packet flag) is joined into one reading; a resend is a duplicate")
    func multiPacketJoined() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .other)
        let received = PipelineFixture.local(2024, 11, 23, 7, 31)
        func pair(connection: UInt64, at: Date) async throws -> (MeasurementOutcome, MeasurementOutcome) {
            let first = await fixture.pipeline.handle(
                try PipelineFixture.event(fixture: "bcm-multi-packet-1", address: PipelineFixture.scale, receivedAt: at, connection: connection))
            let second = await fixture.pipeline.handle(
                try PipelineFixture.event(
                    fixture: "bcm-multi-packet-2", address: PipelineFixture.scale, receivedAt: at.addingTimeInterval(0.2), connection: connection))
            return (first, second)
        }
        let (first, second) = try await pair(connection: 1, at: received)
        guard case .ignored = first else { Issue.record("first packet: expected ignored, got \(first)"); return }
        guard case .stored(let raw) = second else { Issue.record("second packet: expected stored, got \(second)"); return }
        let id = ReadingID(rawValue: raw)
        let stored = try #require(try fixture.store.reading(id: id))
        let packets = try ["bcm-multi-packet-1", "bcm-multi-packet-2"].flatMap { try PayloadFixtures.shared.entry($0).bytes }
        #expect(stored.reading.raw == packets)
        #expect(stored.reading.deviceTime == "2024-11-23T07:30:00" && stored.reading.userIndex == 1)
        let quantities = try fixture.store.quantities(readingIDs: [id])[id] ?? []
        #expect(quantities.map(\.name).sorted() == ["body_fat", "height", "weight"])
        #expect(quantities.first { $0.name == "weight" }?.value == 70)
        #expect(await fixture.hub.state.latest?.valueText == "70,0\(Self.nb)kg · kroppsfett\(Self.nb)25,0\(Self.nb)%")
        // The scale resends its memory in the next connection: the same two packets.
        let (_, again) = try await pair(connection: 2, at: received.addingTimeInterval(3_600))
        #expect(again == .duplicate(readingID: raw))
        // A second packet from another connection than its first is not joined to it.
        _ = await fixture.pipeline.handle(
            try PipelineFixture.event(fixture: "bcm-multi-packet-1", address: PipelineFixture.scale, receivedAt: received, connection: 3))
        let orphan = await fixture.pipeline.handle(
            try PipelineFixture.event(fixture: "bcm-multi-packet-2", address: PipelineFixture.scale, receivedAt: received, connection: 4))
        guard case .ignored = orphan else { Issue.record("orphan packet: expected ignored, got \(orphan)"); return }
        #expect(try fixture.store.recentReadings(limit: 10).count == 1)
    }

    @Test("duplicates: a resent memory (device time) and a clockless repeat in one connection are stored once",
          arguments: ["temp-nordic-finger", "glucose-mol-per-litre", "bcm-all-fields", "plx-minimal"])
    func duplicates(_ id: String) async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .other)
        let received = Self.valid.first { $0.fixture == id }?.received ?? PipelineFixture.local(2026, 11, 23, 7, 0)
        let clockless = id == "plx-minimal"
        let first = await fixture.pipeline.handle(
            try PipelineFixture.event(fixture: id, address: PipelineFixture.scale, receivedAt: received))
        let revision = await fixture.hub.state.revision
        // With a device clock: another connection an hour later. Without: the same connection.
        let again = await fixture.pipeline.handle(
            try PipelineFixture.event(
                fixture: id, address: PipelineFixture.scale, receivedAt: received.addingTimeInterval(clockless ? 30 : 3_600),
                connection: clockless ? 1 : 2))
        guard case .stored(let raw) = first else { Issue.record("expected stored, got \(first)"); return }
        #expect(again == .duplicate(readingID: raw))
        #expect(await fixture.hub.state.revision == revision)
        #expect(try fixture.store.recentReadings(limit: 10).count == 1)
        let quantities = try fixture.store.quantities(readingIDs: [ReadingID(rawValue: raw)])
        #expect(quantities.count == 1)
    }

    @Test("start-up shows stored v2 readings from the store with their value text and the neutral tone")
    func startUpShowsThem() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .other)
        let received = PipelineFixture.local(2026, 11, 23, 7, 0)
        _ = await fixture.pipeline.handle(
            try PipelineFixture.event(fixture: "temp-fahrenheit", address: PipelineFixture.scale, receivedAt: received))
        let hub = DisplayHub(trends: .empty(endingAt: received))
        let fresh = ReadingPipeline(store: fixture.store, display: hub, configuration: PipelineFixture.configuration)
        try await fresh.start(now: received.addingTimeInterval(60))
        let shown = try #require(await hub.state.latest)
        #expect(shown.kind == .temperature && shown.tone == .info && shown.valueText == "37,0\u{00A0}°C")
        #expect(shown.headline.hasPrefix("Värdet är sparat."))
    }
}

/// The page's big box for a state (Display's renderer is internal; the public fragment is the same HTML).
enum PageRendererProbe {
    static func latest(_ state: DisplayState) -> String {
        PageRenderer.fragment("latest", state) ?? ""
    }
}
