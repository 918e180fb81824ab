import TestSupport
import Display
import Foundation
@testable import DeviceSessions
@testable import GatewayStore
import GRDB
import HealthProfiles
import Logging
import Synchronization
import Testing

/// Group commit: values that waited together (a memory dump) go through `handle(batch:)`: assessed
/// in order as one by one, ONE commit, then the feedback; all real (SQLite file, pipeline, hub).
@Suite struct PipelineBatchTests {
    /// A memory dump received in the evening of 2026-11-20, 50 ms apart.
    static let received = PipelineFixture.local(2026, 11, 20, 20, 0)

    /// A blood pressure payload with a device time on 2026-11-`day`.
    static func bp(_ systolic: Double, _ diastolic: Double, day: Int = 20, _ hour: Int, _ minute: Int) throws -> [UInt8] {
        let value = BloodPressureMeasurement(
            unit: .mmHg, systolic: try #require(MedFloat16(systolic, exponent: 0)),
            diastolic: try #require(MedFloat16(diastolic, exponent: 0)),
            meanArterialPressure: try #require(MedFloat16(((systolic + 2 * diastolic) / 3).rounded(), exponent: 0)),
            timestamp: DateTime(year: 2026, month: 11, day: UInt8(day), hours: UInt8(hour), minutes: UInt8(minute), seconds: 0),
            pulseRate: MedFloat16(mantissa: 70, exponent: 0))
        return Measurement.bloodPressure(value).encoded()
    }

    /// One day's readings of a cuff memory: a red first reading confirmed two minutes later (the
    /// session mean), a normal one, a low one and its session, a high session in the evening.
    static func cuffMemory() throws -> [[UInt8]] {
        try [
            bp(186, 112, 7, 0), bp(184, 111, 7, 2), bp(128, 78, 7, 30),
            bp(96, 60, 12, 0), bp(118, 74, 12, 3), bp(150, 92, 18, 0),
            bp(152, 94, 18, 2), bp(149, 90, 18, 4), bp(122, 80, 19, 0),
            bp(124, 81, 19, 1), bp(190, 100, 19, 30), bp(131, 84, 19, 45),
        ]
    }

    static func events(_ payloads: [[UInt8]], address: String = PipelineFixture.cuff, connection: UInt64 = 1) -> [MeasurementEvent] {
        let characteristic: Characteristic = address == PipelineFixture.cuff ? .bloodPressureMeasurement : .weightMeasurement
        return payloads.enumerated().map { index, payload in
            PipelineFixture.event(
                characteristic, payload, address: address, receivedAt: received.addingTimeInterval(Double(index) * 0.05),
                connection: connection)
        }
    }

    /// Colour and rule ids of each stored outcome's assessment.
    static func assessments(_ fixture: PipelineFixture, _ outcomes: [MeasurementOutcome]) throws -> [String] {
        try outcomes.map { outcome in
            guard case .stored(let id) = outcome else { return "\(outcome)" }
            let assessment = try fixture.store.reading(id: ReadingID(rawValue: id))?.assessment
            return "\(assessment?.colour.rawValue ?? "none") \(assessment?.ruleIDs ?? [])"
        }
    }

    /// The same values one by one in a fresh store.
    static func oneByOne(_ events: [MeasurementEvent], address: String, kind: DeviceKind) async throws -> [String] {
        try await oneByOneFixture(events, address: address, kind: kind).1
    }

    static func oneByOneFixture(
        _ events: [MeasurementEvent], address: String, kind: DeviceKind
    ) async throws -> (PipelineFixture, [String]) {
        let fixture = try PipelineFixture()
        try fixture.assign(address, patient: "p-1", kind: kind)
        var outcomes: [MeasurementOutcome] = []
        for event in events { outcomes.append(await fixture.pipeline.handle(event)) }
        return (fixture, try assessments(fixture, outcomes))
    }

    @Test("a batch of 12 BP readings: ONE transaction, 12 stored outcomes and 12 display events in order, trends once")
    func oneCommit() async throws {
        let log = RecordingLog()
        let fixture = try PipelineFixture(storeLogger: log.logger)
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let display = EventLog(await fixture.hub.subscribe())
        var wakeups = fixture.pipeline.wakeup.wakeups.makeAsyncIterator()
        let batch = Self.events(try Self.cuffMemory())
        let outcomes = await fixture.pipeline.handle(batch: batch)
        #expect(log.messages.filter { $0 == "reading batch committed" || $0 == "reading stored" } == ["reading batch committed"])
        let ids = outcomes.compactMap { if case .stored(let id) = $0 { id } else { nil } }
        #expect(ids.count == batch.count && ids == ids.sorted() && Set(ids).count == ids.count)
        let stored = try fixture.store.recentReadings(limit: 100)
        #expect(stored.count == batch.count)
        #expect(stored.map(\.reading.raw).reversed() == batch.map(\.payload), "stored in the batch's order")
        var shown: [String] = []
        for index in 0..<batch.count {
            if case .reading(let reading)? = try await display.first("display reading \(index)", where: { if case .reading = $0 { true } else { false } }) {
                shown.append(reading.id)
            }
        }
        #expect(shown == ids.map(String.init))
        _ = try await display.first("trends", where: { if case .trends = $0 { true } else { false } })
        #expect(await display.all.filter { if case .trends = $0 { true } else { false } }.count == 1)
        #expect(await fixture.hub.state.trends.bloodPressure.isEmpty == false)
        #expect(await wakeups.next() != nil)
    }

    @Test("each reading of a batch is assessed as one by one (BP sessions minutes apart: reading k depends on k−1)")
    func bloodPressureAsOneByOne() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let batch = Self.events(try Self.cuffMemory())
        let batched = try Self.assessments(fixture, await fixture.pipeline.handle(batch: batch))
        let sequential = try await Self.oneByOne(batch, address: PipelineFixture.cuff, kind: .cuff)
        #expect(batched == sequential)
        // The dependency is real: the confirming second reading alone (no session) is judged otherwise.
        let alone = try await Self.oneByOne([batch[1]], address: PipelineFixture.cuff, kind: .cuff)
        #expect(alone.first != batched[1], "alone \(alone), in the batch \(batched[1])")
    }

    @Test("a scale's two-week memory in one batch: the weight gain rule fires on day 12 as one by one (W1)")
    func weightsAsOneByOne() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .scale)
        let payloads = PipelineScenarioTests.weights.enumerated().map { day, kg in
            Measurement.weight(WeightMeasurement(
                unit: .si, weightRaw: UInt16((kg / 0.005).rounded()),
                timestamp: DateTime(year: 2026, month: 11, day: UInt8(2 + day), hours: 7, minutes: 0, seconds: 0))).encoded()
        }
        let batch = Self.events(payloads, address: PipelineFixture.scale)
        let batched = try Self.assessments(fixture, await fixture.pipeline.handle(batch: batch))
        let (other, sequential) = try await Self.oneByOneFixture(batch, address: PipelineFixture.scale, kind: .scale)
        #expect(batched == sequential)
        #expect(batched[12] == "yellow [\"W1\"]")
        // Trends drawn once at the end equal the ones left by drawing after every reading.
        #expect(await fixture.hub.state.trends == other.hub.state.trends)
        #expect(await fixture.hub.state.trends.weights.isEmpty == false)
    }

    @Test("duplicates inside a batch and across batches (device time and clockless) are stored once, with the first copy's id")
    func duplicates() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let a = try Self.bp(130, 80, 8, 0), b = try Self.bp(132, 82, 8, 2), c = try Self.bp(135, 84, 8, 4), d = try Self.bp(128, 79, 9, 0)
        let first = await fixture.pipeline.handle(batch: Self.events([a, b, a, c]))
        guard case .stored(let idA) = first[0], case .stored(let idB) = first[1], case .stored = first[3] else {
            Issue.record("expected stored, stored, duplicate, stored; got \(first)"); return
        }
        #expect(first[2] == .duplicate(readingID: idA))
        let second = await fixture.pipeline.handle(batch: Self.events([b, d], connection: 2))
        #expect(second[0] == .duplicate(readingID: idB))
        guard case .stored = second[1] else { Issue.record("expected stored, got \(second[1])"); return }
        let clockless = try PayloadFixtures.shared.entry("bpm-obniz-ua651-128-mmhg").bytes
        let third = await fixture.pipeline.handle(batch: Self.events([clockless, clockless], connection: 3))
        guard case .stored(let idX) = third[0] else { Issue.record("expected stored, got \(third[0])"); return }
        #expect(third[1] == .duplicate(readingID: idX))
        #expect(try fixture.store.recentReadings(limit: 100).count == 5)
        #expect(await fixture.hub.state.revision > 0)
    }

    @Test("ignored, rejected and split values inside a batch keep their one-by-one outcomes")
    func mixedOutcomes() async throws {
        let bcm = try ["bcm-multi-packet-1", "bcm-multi-packet-2"].map { try PayloadFixtures.shared.entry($0) }
        let time = PipelineFixture.local(2024, 11, 23, 7, 31)
        func values() throws -> [MeasurementEvent] {
            [
                PipelineFixture.event(.intermediateCuffPressure, try Self.bp(90, 60, 7, 0), address: PipelineFixture.cuff, receivedAt: time),
                PipelineFixture.event(.bloodPressureMeasurement, [0x00], address: PipelineFixture.cuff, receivedAt: time),
                PipelineFixture.event(bcm[0].characteristic, bcm[0].bytes, address: PipelineFixture.scale, receivedAt: time),
                PipelineFixture.event(bcm[1].characteristic, bcm[1].bytes, address: PipelineFixture.scale, receivedAt: time),
                PipelineFixture.event(.bloodPressureMeasurement, try Self.bp(120, 80, day: 23, 7, 0), address: "AA:BB:CC:DD:EE:09", receivedAt: time),
                PipelineFixture.event(bcm[0].characteristic, bcm[0].bytes, address: PipelineFixture.scale, receivedAt: time, connection: 2),
                PipelineFixture.event(bcm[1].characteristic, bcm[1].bytes, address: PipelineFixture.scale, receivedAt: time, connection: 2),
            ]
        }
        let batched = try PipelineFixture(), sequential = try PipelineFixture()
        for fixture in [batched, sequential] {
            try fixture.assign(PipelineFixture.cuff, patient: "p-1")
            try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .other)
        }
        let outcomes = await batched.pipeline.handle(batch: try values())
        var expected: [MeasurementOutcome] = []
        for event in try values() { expected.append(await sequential.pipeline.handle(event)) }
        #expect(outcomes == expected)
        guard outcomes.count == 7, case .ignored = outcomes[0], case .rejected = outcomes[1], case .ignored = outcomes[2],
              case .stored(let id) = outcomes[3], case .rejected = outcomes[4], case .ignored = outcomes[5] else {
            Issue.record("unexpected outcomes \(outcomes)"); return
        }
        #expect(outcomes[6] == .duplicate(readingID: id))
    }

    @Test("a failing commit (read-only store): every reading of the batch is reported not saved, nothing shown; then all store")
    func failingCommit() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let display = EventLog(await fixture.hub.subscribe())
        try await fixture.store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 1") }
        let payloads = try Self.cuffMemory()
        let batch = Self.events(payloads + [payloads[0]])
        let failed = await fixture.pipeline.handle(batch: batch)
        #expect(failed.count == batch.count)
        for outcome in failed {
            guard case .rejected(let reason) = outcome else { Issue.record("expected rejected, got \(outcome)"); continue }
            #expect(reason.hasPrefix("store failed"))
        }
        #expect(try fixture.store.recentReadings(limit: 100).isEmpty)
        #expect(await fixture.hub.state.latest == nil)
        #expect(await fixture.hub.state.unsaved?.kind == .bloodPressure)
        #expect(await fixture.hub.state.storageProblem)
        _ = try await display.first("not saved", where: { if case .notSaved = $0 { true } else { false } })
        #expect(!(await display.all).contains { if case .reading = $0 { true } else { false } })
        // Writable again: the same memory stores, assessed as if the failed batch never happened.
        try await fixture.store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 0") }
        let again = Self.events(payloads)
        let stored = try Self.assessments(fixture, await fixture.pipeline.handle(batch: again))
        #expect(stored == (try await Self.oneByOne(again, address: PipelineFixture.cuff, kind: .cuff)))
        #expect(await fixture.hub.state.storageProblem == false)
    }

    @Test("the device inbox hands over everything waiting at once, in order, and ends after draining")
    func inboxTakesWhatWaits() async {
        let inbox = DeviceInbox()
        let batch = Self.events([[1], [2], [3]])
        for event in batch { inbox.yield(event) }
        inbox.finish()
        inbox.yield(batch[0])
        #expect(await inbox.next() == batch)
        #expect(await inbox.next() == nil)
    }
}

/// A log handler that records message texts (the store's debug line per commit counts transactions).
final class RecordingLog: Sendable {
    private let lines = Mutex<[String]>([])
    var messages: [String] { lines.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "test.store") { _ in Handler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    func append(_ message: String) { lines.withLock { $0.append(message) } }

    struct Handler: LogHandler {
        let log: RecordingLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { log.append(event.message.description) }
    }
}
