@testable import ClinicSync
@testable import DeviceSessions
import Display
import FHIR
import Foundation
@testable import GatewayStore
@testable import ReadingPath
@testable import Readings
import TestSupport
import Testing

@Suite("Clinic messages: polled, stored once, shown at once")
struct MessagesTests {
    @Test("a message to the patient and one to the patient's group reach the hub store, the page's state and its live stream; others do not")
    func patientAndGroupMessages() async throws {
        let fixture = try ClinicFixture()
        try fixture.assign("AA:BB:CC:DD:EE:02", patient: "pat-1")
        let port = try await fixture.server.start()
        await fixture.server.state.setGroup("hjartsvikt", ["pat-1", "pat-7"])
        await fixture.server.state.setGroup("diabetes", ["pat-7"])
        await fixture.server.state.addMessage(ClinicFixture.message("m-1", .patient("pat-1"), "Vi ringer i morgon."), updated: ClinicFixture.base)
        await fixture.server.state.addMessage(ClinicFixture.message("m-2", .group("hjartsvikt"), "Gruppträff på torsdag.", minutes: 1),
                                              updated: ClinicFixture.base.addingTimeInterval(60))
        await fixture.server.state.addMessage(ClinicFixture.message("m-3", .group("diabetes"), "Inte till dig."), updated: ClinicFixture.base)
        await fixture.server.state.addMessage(ClinicFixture.message("m-4", .patient("pat-7"), "Inte heller."), updated: ClinicFixture.base)

        let display = DisplayHub(trends: TrendSeries.empty(endingAt: ClinicFixture.base))
        let pipeline = ReadingPipeline(store: fixture.store, display: display, configuration: PipelineConfiguration(language: .swedish, timeZone: ClinicFixture.stockholm))
        let pageEvents = ConditionRecorder<DisplayEvent>()
        let listening = pageEvents.collect(await display.subscribe())
        defer { listening.cancel() }

        let (sync, client) = try fixture.sync(port: port)
        try await whileRunning(sync, client) { events in
            try await events.wait("both messages stored") { $0.contains(.messagesStored(2)) }
            // carehubd's wiring (ClinicWiring.follow): new messages are shown at once.
            try await pipeline.reloadMessages(now: ClinicFixture.base.addingTimeInterval(3600))
            try await pageEvents.wait("the page's messages event") { events in
                events.contains { if case .messages(let shown) = $0 { shown.count == 2 } else { false } }
            }
            // More rounds find nothing new: nothing is stored twice.
            try await events.wait("three more polls") { $0.successfulPolls >= 4 }
        }
        let stored = try fixture.store.messages(limit: 10)
        #expect(Set(stored.compactMap(\.remoteID)) == ["m-1", "m-2"])
        #expect(stored.first(where: { $0.remoteID == "m-2" })?.scope == .group("hjartsvikt"))
        #expect(stored.first(where: { $0.remoteID == "m-1" })?.sender == "Hjärtmottagningen, Anna")
        let shown = await display.state.messages
        #expect(Set(shown.map(\.text)) == ["Vi ringer i morgon.", "Gruppträff på torsdag."])
        #expect(shown.first?.text == "Gruppträff på torsdag.", "newest first by the clinic's sent time")
        #expect(shown.allSatisfy { $0.sender == "Hjärtmottagningen, Anna" })
        #expect(try fixture.store.clinicCursor(patient: "pat-1").messagesUpdated == FHIRInstant.text(ClinicFixture.base.addingTimeInterval(60)))
        await fixture.server.stop()
    }

    @Test("the store down, then up: the message is fetched later, once; a restarted hub asks from its stored cursor")
    func storeDownThenUp() async throws {
        let fixture = try ClinicFixture()
        try fixture.assign("AA:BB:CC:DD:EE:02", patient: "pat-1")
        // Find a free port, then take the store down.
        let port = try await fixture.server.start(port: try parkedLoopbackPort())
        await fixture.server.stop()
        await fixture.server.state.addMessage(ClinicFixture.message("m-1", .patient("pat-1"), "Hej!"), updated: ClinicFixture.base)

        let (sync, client) = try fixture.sync(port: port)
        try await whileRunning(sync, client) { events in
            try await events.wait("two failed polls") { $0.failedPolls >= 2 }
            #expect(try fixture.store.messages(limit: 10).isEmpty)
            _ = try await fixture.server.start(port: port)
            try await events.wait("the message stored") { $0.contains(.messagesStored(1)) }
            try await events.wait("more polls after it") { events in
                (events.lastIndex(of: .messagesStored(1)).map { events[$0...].filter { $0 == .polled(failure: nil) }.count } ?? 0) >= 3
            }
        }
        #expect(try fixture.store.messages(limit: 10).map(\.remoteID) == ["m-1"])

        // A restart: the next search asks from just before the newest message seen, not from the start.
        try fixture.reopen()
        let before = await fixture.server.state.searches.count
        let (again, againClient) = try fixture.sync(port: port)
        try await whileRunning(again, againClient) { events in
            try await events.wait("a poll after the restart") { $0.successfulPolls >= 1 }
        }
        let first = try #require(await fixture.server.state.searches.dropFirst(before).first { $0.hasPrefix("Communication?") })
        let since = FHIRInstant.text(ClinicFixture.base.addingTimeInterval(-5))
        #expect(first.contains("_lastUpdated=gt\(since)"), "\(first)")
        #expect(try fixture.store.messages(limit: 10).count == 1)
        await fixture.server.stop()
    }
}
