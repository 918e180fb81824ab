import Display
import Foundation
@testable import DeviceSessions
@testable import Readings
@testable import ReadingPath
@testable import GatewayStore
import GRDB
import Logging
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 5, "could not save": a real store made to fail, through the pipeline. The patient is told
/// plainly on the page that the value was NOT saved (no value shown), the status line keeps a
/// storage-problem notice, and the next successful commit clears both.
@Suite(.serialized) struct PipelineNotSavedTests {
    static let start = PipelineFixture.local(2026, 11, 20, 8, 31)
    static let payload = "bpm-obniz-ua651-128-mmhg"

    /// How a test breaks the store and mends it again.
    enum Sabotage: String, CaseIterable, Sendable {
        /// SQLITE_READONLY on the writer connection.
        case queryOnly
        /// SQLITE_FULL from a page limit just above the file's size.
        case pageLimit

        func apply(_ store: HubStore) throws {
            try store.writer.writeWithoutTransaction { db in
                switch self {
                case .queryOnly:
                    try db.execute(sql: "PRAGMA query_only = 1")
                case .pageLimit:
                    let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                    try db.execute(sql: "PRAGMA max_page_count = \(pages + 4)")
                }
            }
        }

        func lift(_ store: HubStore) throws {
            try store.writer.writeWithoutTransaction { db in
                switch self {
                case .queryOnly: try db.execute(sql: "PRAGMA query_only = 0")
                case .pageLimit: try db.execute(sql: "PRAGMA max_page_count = 1073741823")
                }
            }
        }
    }

    /// Clockless cuff readings 20 min apart (never duplicates), from `index` on.
    static func reading(_ index: Int) throws -> MeasurementEvent {
        try PipelineFixture.event(
            fixture: payload, receivedAt: start.addingTimeInterval(Double(index) * 1_200), connection: UInt64(index + 1))
    }

    @Test("the page says 'not saved' (no value), the status keeps a storage notice, the next commit clears both",
          arguments: Sabotage.allCases)
    func notSavedThenRecovered(_ sabotage: Sabotage) async throws {
        let fixture = try PipelineFixture()
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        await fixture.hub.setStatus(.connected)
        let events = EventLog(await fixture.hub.subscribe())
        guard case .stored(var lastID) = await fixture.pipeline.handle(try Self.reading(0)) else {
            Issue.record("the first reading was not stored"); return
        }
        try sabotage.apply(fixture.store)
        // The page limit leaves a few pages: readings are stored until they are used up.
        var index = 1
        var rejected = false
        var before = try #require(await fixture.hub.state.latest)
        while index < 2_000, !rejected {
            before = try #require(await fixture.hub.state.latest)
            switch await fixture.pipeline.handle(try Self.reading(index)) {
            case .stored(let id): lastID = id
            case .rejected(let reason):
                #expect(reason.hasPrefix("store failed"))
                rejected = true
            case let other: Issue.record("unexpected \(other)"); return
            }
            index += 1
        }
        try #require(rejected, "the sabotaged store never refused a reading")
        #expect(before.id == String(lastID))
        try await Self.expectNotSaved(fixture, events: events, firstID: lastID, before: before, language: .sv)
        // Still broken: another reading, the same notice.
        let still = await fixture.pipeline.handle(try Self.reading(index))
        guard case .rejected = still else { Issue.record("expected rejected while broken, got \(still)"); return }
        #expect(await fixture.hub.state.storageProblem)
        try sabotage.lift(fixture.store)
        try await Self.expectRecovered(fixture, events: events, reading: try Self.reading(index + 1))
        #expect(try fixture.store.integrityCheck() == ["ok"])
    }

    @Test("a real full filesystem (1 MiB tmpfs) through the pipeline; growing it lets the next reading through",
          .enabled(if: TmpfsMount.available, "needs root with CAP_SYS_ADMIN to mount a tmpfs"))
    func fullFilesystem() async throws {
        let mount = try TmpfsMount(size: "1m")
        let store = try HubStore.open(path: mount.url.appendingPathComponent("gateway.sqlite").path, logger: Logger(label: "test"))
        defer { try? store.close() }
        let hub = DisplayHub(trends: .empty(endingAt: Self.start))
        let pipeline = ReadingPipeline(store: store, display: hub, configuration: PipelineFixture.configuration)
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        try store.saveDevice(StoredDevice(address: PipelineFixture.cuff, kind: .cuff, pairedAt: at, pairedBy: "tech-1"))
        try store.assign(address: PipelineFixture.cuff, userIndex: nil, patientID: "p-1", at: at, by: "tech-1")
        let events = EventLog(await hub.subscribe())
        var stored = 0
        var index = 0
        var failure: String?
        while index < 20_000, failure == nil {
            switch await pipeline.handle(try Self.reading(index)) {
            case .stored: stored += 1
            case .rejected(let reason): failure = reason
            case let other: Issue.record("unexpected \(other)"); return
            }
            index += 1
        }
        let reason = try #require(failure)
        #expect(reason.contains("disk full"))
        #expect(stored > 0)
        let notice = try await events.first("not-saved event") { if case .notSaved = $0 { true } else { false } }
        guard case .notSaved(let unsaved)? = notice else { Issue.record("no not-saved event"); return }
        #expect(unsaved.kind == .bloodPressure)
        #expect(await hub.state.storageProblem)
        try mount.resize("8m")
        let after = await pipeline.handle(try Self.reading(index + 1))
        guard case .stored = after else { Issue.record("expected stored after growing the filesystem, got \(after)"); return }
        #expect(await hub.state.storageProblem == false)
        #expect(await hub.state.unsaved == nil)
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.recentReadings(limit: 100_000).count == stored + 1)
    }

    @Test("English texts of the not-saved box and the storage notice")
    func englishTexts() async throws {
        let fixture = try PipelineFixture(configuration: PipelineConfiguration(language: .english, timeZone: PipelineFixture.stockholm))
        try fixture.assign(PipelineFixture.cuff, patient: "p-1")
        try Sabotage.queryOnly.apply(fixture.store)
        let outcome = await fixture.pipeline.handle(try Self.reading(0))
        guard case .rejected = outcome else { Issue.record("expected rejected, got \(outcome)"); return }
        var state = await fixture.hub.state
        state.language = .en
        let box = PageRenderer.fragment("latest", state) ?? ""
        #expect(box.contains("Not saved") && box.contains("The value could not be saved."))
        #expect(box.contains("Measure again in a little while. Contact the clinic if it happens again."))
        #expect(box.contains("Today 08:31"))
        #expect((PageRenderer.fragment("status", state) ?? "").contains("The hub cannot save new values right now"))
    }

    static func expectNotSaved(
        _ fixture: PipelineFixture, events: EventLog<DisplayEvent>, firstID: Int64, before: DisplayReading,
        language: DisplayLanguage
    ) async throws {
        let notice = try await events.first("not-saved event") { if case .notSaved = $0 { true } else { false } }
        guard case .notSaved(let unsaved)? = notice else { Issue.record("no not-saved event"); return }
        #expect(unsaved.kind == .bloodPressure)
        #expect(unsaved.receivedText.hasPrefix("I dag "))
        let state = await fixture.hub.state
        #expect(state.latest == before, "the last stored reading stays; the refused value is never shown")
        #expect(state.unsaved == unsaved && state.storageProblem)
        let box = PageRenderer.fragment("latest", state) ?? ""
        #expect(box.contains("class=\"latest tone-grey unsaved\""))
        #expect(box.contains("<span class=\"word\">Inte sparat</span>") && box.contains("<svg class=\"icon\""))
        #expect(box.contains("Värdet kunde inte sparas."))
        #expect(box.contains("Mät igen om en stund. Kontakta mottagningen om det händer igen."))
        #expect(box.contains("Blodtryck"))
        #expect(!box.contains("mmHg"), "no value in the not-saved box")
        let status = PageRenderer.fragment("status", state) ?? ""
        #expect(status.contains("status-storage") && status.contains("Hubben kan inte spara nya värden just nu"))
        // The last stored reading is still listed, under "earlier readings".
        #expect((PageRenderer.fragment("recent", state) ?? "").contains("data-reading-id=\"\(firstID)\""))
    }

    static func expectRecovered(_ fixture: PipelineFixture, events: EventLog<DisplayEvent>, reading: MeasurementEvent) async throws {
        let outcome = await fixture.pipeline.handle(reading)
        guard case .stored(let id) = outcome else { Issue.record("expected stored after recovery, got \(outcome)"); return }
        let shown = try await events.first("reading after recovery") {
            if case .reading(let r) = $0 { r.id == String(id) } else { false }
        }
        #expect(shown != nil)
        let status = try await events.first("status after recovery") { if case .status = $0 { true } else { false } }
        #expect(status == .status(.connected))
        let state = await fixture.hub.state
        #expect(state.unsaved == nil && !state.storageProblem)
        #expect(state.latest?.id == String(id))
        let html = PageRenderer.fragment("status", state) ?? ""
        #expect(!html.contains("status-storage") && html.contains("Ansluten till vården"))
        #expect(!(PageRenderer.fragment("latest", state) ?? "").contains("Inte sparat"))
    }
}

/// A small tmpfs for one test (root with CAP_SYS_ADMIN), unmounted and removed on deinit.
final class TmpfsMount {
    let url: URL

    static let available: Bool = {
        #if os(Linux)
        guard geteuid() == 0, let probe = try? TmpfsMount(size: "64k") else { return false }
        _ = probe
        return true
        #else
        return false
        #endif
    }()

    init(size: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        #if os(Linux)
        guard mount("tmpfs", url.path, "tmpfs", 0, "size=\(size),mode=0755") == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: url)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EPERM)
        }
        #endif
    }

    /// Grows (or shrinks) the filesystem in place, as freeing space on a full disk would.
    func resize(_ size: String) throws {
        #if os(Linux)
        guard mount("tmpfs", url.path, "tmpfs", UInt(MS_REMOUNT), "size=\(size)") == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM)
        }
        #endif
    }

    deinit {
        #if os(Linux)
        _ = umount2(url.path, Int32(MNT_DETACH))
        #endif
        try? FileManager.default.removeItem(at: url)
    }
}
