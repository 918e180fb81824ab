import TestSupport
import Display
import Foundation
@testable import ReadingPath
@testable import GatewayStore
import GRDB
import HealthProfiles
import Testing
import Triage

@Suite struct PipelineTests {
    /// 2026-11-20 08:31 Stockholm: one minute after sim-bp-1's device time.
    static let afterSimBP1 = PipelineFixture.local(2026, 11, 20, 8, 31)

    @Test("a cuff reading is stored once with its assessment, then shown; the forwarder is woken")
    func storedAssessedShown() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        var wakeups = fixture.pipeline.wakeup.wakeups.makeAsyncIterator()
        let outcome = await fixture.pipeline.handle(try PipelineFixture.event(fixture: "sim-bp-1", receivedAt: Self.afterSimBP1))
        guard case .stored(let id) = outcome else { Issue.record("expected stored, got \(outcome)"); return }
        let stored = try #require(try fixture.store.reading(id: ReadingID(rawValue: id)))
        #expect(stored.reading.patientID == "p-1")
        #expect(stored.reading.systolic == 120 && stored.reading.diastolic == 80 && stored.reading.pulse == 72)
        #expect(stored.reading.deviceTime == "2026-11-20T08:30:00")
        #expect(stored.reading.effectiveAt == PipelineFixture.local(2026, 11, 20, 8, 30))
        #expect(stored.reading.phdIdentifier.hasPrefix("AABBCCDDEE01-p-1-150020-"))
        #expect(stored.reading.raw == (try PayloadFixtures.shared.entry("sim-bp-1").bytes))
        #expect(stored.assessment?.colour == .green)
        #expect(stored.assessment?.rulesetVersion == "hf-default-2025.1")
        #expect(stored.assessment?.textSV == "Värdet ser bra ut.")
        #expect(stored.assessment?.textEN == "The value looks good.")
        #expect(try fixture.store.recentReadings(limit: 10).count == 1)
        let shown = try #require(await fixture.hub.state.latest)
        #expect(shown.id == String(id))
        #expect(shown.tone == .green)
        #expect(shown.valueText == "120/80\u{00A0}mmHg · puls\u{00A0}72")
        #expect(shown.timeText == "I dag 08:30")
        #expect(shown.headline == "Värdet ser bra ut.")
        #expect(await fixture.hub.state.trends.bloodPressure.count == 1)
        #expect(await wakeups.next() != nil)
    }

    @Test("a resent memory is recognised: not re-assessed, not re-shown, stored once")
    func duplicateNotReshown() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let first = await fixture.pipeline.handle(try PipelineFixture.event(fixture: "sim-bp-1", receivedAt: Self.afterSimBP1))
        let revision = await fixture.hub.state.revision
        let again = await fixture.pipeline.handle(
            try PipelineFixture.event(fixture: "sim-bp-1", receivedAt: Self.afterSimBP1.addingTimeInterval(3_600), connection: 2))
        guard case .stored(let id) = first else { Issue.record("expected stored, got \(first)"); return }
        #expect(again == .duplicate(readingID: id))
        #expect(await fixture.hub.state.revision == revision)
        #expect(try fixture.store.recentReadings(limit: 10).count == 1)
    }

    @Test("an unassigned device is rejected: nothing stored, nothing shown")
    func unassignedRejected() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.scale, patient: "p-1", kind: .scale)
        let revision = await fixture.hub.state.revision
        let outcome = await fixture.pipeline.handle(try PipelineFixture.event(fixture: "sim-bp-1", receivedAt: Self.afterSimBP1))
        guard case .rejected(let reason) = outcome else { Issue.record("expected rejected, got \(outcome)"); return }
        #expect(reason.contains("not assigned"))
        #expect(!reason.contains("p-1"))
        #expect(try fixture.store.recentReadings(limit: 10).isEmpty)
        #expect(await fixture.hub.state.revision == revision)
    }

    @Test("multi-user cuff: user 1 binds to its patient, an unassigned user 2 is rejected")
    func multiUserBinding() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, user: 1, patient: "p-user-1")
        let now = PipelineFixture.local(2026, 11, 23, 9, 0)
        // bpm-nrftoolbox-user-only: 72/81 mmHg, user 1; a copy with user 2.
        let user1 = try PayloadFixtures.shared.entry("bpm-nrftoolbox-user-only").bytes
        var user2 = user1
        user2[user2.count - 1] = 2
        let one = await fixture.pipeline.handle(PipelineFixture.event(.bloodPressureMeasurement, user1, address: PipelineFixture.cuff, receivedAt: now))
        let two = await fixture.pipeline.handle(PipelineFixture.event(.bloodPressureMeasurement, user2, address: PipelineFixture.cuff, receivedAt: now))
        guard case .stored(let id) = one else { Issue.record("expected stored, got \(one)"); return }
        #expect(try fixture.store.reading(id: ReadingID(rawValue: id))?.reading.patientID == "p-user-1")
        #expect(try fixture.store.reading(id: ReadingID(rawValue: id))?.reading.userIndex == 1)
        guard case .rejected = two else { Issue.record("expected rejected, got \(two)"); return }
    }

    @Test("kPa is converted to mmHg with the exact factor: 18.9/11.0 kPa = 141.8/82.5 mmHg → yellow (B1)")
    func kPaConversion() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let outcome = await fixture.pipeline.handle(
            try PipelineFixture.event(fixture: "bpm-kpa-pulse-is-bpm", receivedAt: PipelineFixture.local(2026, 11, 23, 9, 0)))
        guard case .stored(let id) = outcome else { Issue.record("expected stored, got \(outcome)"); return }
        let stored = try #require(try fixture.store.reading(id: ReadingID(rawValue: id)))
        #expect(stored.reading.pressureUnit == "kPa" && stored.reading.systolic == 18.9)
        #expect(stored.assessment?.colour == .yellow)
        #expect(stored.assessment?.ruleIDs == ["B1"])
        let observations = stored.assessment?.observationsJSON ?? ""
        #expect(observations.contains("141.8"), "\(observations)")
        #expect(abs(18.9 * VitalMapping.mmHgPerKPa - 141.7616580310881) < 1e-9)
        #expect(await fixture.hub.state.latest?.valueText == "142/83\u{00A0}mmHg · puls\u{00A0}72")
    }

    @Test("SFLOAT specials are not values: stored, grey 'measure again', shown as –")
    func specialsAreGrey() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let outcome = await fixture.pipeline.handle(
            try PipelineFixture.event(fixture: "bpm-all-nan", receivedAt: PipelineFixture.local(2026, 11, 23, 9, 0)))
        guard case .stored(let id) = outcome else { Issue.record("expected stored, got \(outcome)"); return }
        let stored = try #require(try fixture.store.reading(id: ReadingID(rawValue: id)))
        #expect(stored.reading.systolic == nil)
        #expect(stored.assessment?.colour == .grey)
        #expect(stored.assessment?.textSV == Texts.render(PatientMessage(.measureAgain), in: .swedish))
        let shown = try #require(await fixture.hub.state.latest)
        #expect(shown.tone == .grey && shown.valueText == "–")
    }

    @Test("live and non-measurement values are ignored and stored nowhere")
    func liveValuesIgnored() async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        let now = PipelineFixture.local(2026, 11, 23, 9, 0)
        func decodable(_ characteristic: Characteristic) -> String? {
            PayloadFixtures.shared.entries.filter {
                $0.value.characteristic == characteristic && (try? HealthProfiles.decode(characteristic, $0.value.bytes)) != nil
            }.keys.sorted().first
        }
        let live = try #require(decodable(.intermediateCuffPressure))
        let feature = try #require(decodable(.bloodPressureFeature))
        for id in [live, feature] {
            let outcome = await fixture.pipeline.handle(try PipelineFixture.event(fixture: id, receivedAt: now))
            guard case .ignored = outcome else { Issue.record("\(id): expected ignored, got \(outcome)"); continue }
        }
        #expect(try fixture.store.recentReadings(limit: 10).isEmpty)
    }

    @Test("store failure (disk full, read-only): rejected, the patient told 'not saved', no value shown, database intact",
          arguments: ["PRAGMA query_only = 1", "FULL"])
    func storeFailureShowsNothing(_ sabotage: String) async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        try await fixture.store.writer.writeWithoutTransaction { db in
            if sabotage == "FULL" {
                // Cap the file a few pages above its size (SQLITE_FULL once they are used).
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(pages + 4)")
            } else {
                try db.execute(sql: sabotage)
            }
        }
        // Clockless readings 20 min apart (not duplicates) until the store refuses one.
        var stored = 0
        for index in 0..<2_000 {
            let latest = await fixture.hub.state.latest
            let outcome = await fixture.pipeline.handle(
                try PipelineFixture.event(
                    fixture: "bpm-obniz-ua651-128-mmhg", receivedAt: Self.afterSimBP1.addingTimeInterval(Double(index) * 1_200), connection: UInt64(index)))
            if case .stored = outcome { stored += 1; continue }
            guard case .rejected(let reason) = outcome else { Issue.record("expected rejected, got \(outcome)"); return }
            #expect(reason.hasPrefix("store failed"))
            #expect(await fixture.hub.state.latest == latest, "the refused value is never shown as a reading")
            #expect(await fixture.hub.state.unsaved?.kind == .bloodPressure)
            #expect(await fixture.hub.state.storageProblem)
            break
        }
        #expect(stored < 2_000)
        #expect(try fixture.store.integrityCheck() == ["ok"])
        #expect(try fixture.store.recentReadings(limit: 5_000).count == stored)
    }
}
