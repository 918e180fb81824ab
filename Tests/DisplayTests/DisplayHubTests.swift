import Foundation
import Testing
@testable import Display

@Suite("DisplayHub")
struct DisplayHubTests {
    @Test func publishUpdatesStateAndReachesASubscriber() async throws {
        let hub = await Fixtures.hub()
        let events = await hub.subscribe()
        await hub.publish(Fixtures.yellowWeight)
        let first = try await withTimeout(5, "the reading event") {
            var iterator = events.makeAsyncIterator()
            return await iterator.next()
        }
        #expect(first == .reading(Fixtures.yellowWeight))
        let state = await hub.state
        #expect(state.latest?.id == "w-2026-11-23")
        #expect(state.recent.map(\.id) == ["w-2026-11-23", "bp-2026-11-22", "w-2026-11-22", "bp-2026-11-21"])
    }

    @Test func anOlderReadingFromACuffMemoryDoesNotReplaceTheNewest() async {
        let hub = await Fixtures.hub()
        await hub.publish(Fixtures.yellowWeight)
        let old = Fixtures.reading("bp-old", .bloodPressure, daysAgo: 3, time: "Fre", value: "120/80 mmHg", tone: .green)
        await hub.publish(old)
        let state = await hub.state
        #expect(state.latest?.id == "w-2026-11-23")
        #expect(state.recent.last?.id == "bp-old")
        #expect(state.recent.count == 5)
    }

    @Test func republishingTheSameIdReplacesItAndTheListIsBounded() async {
        let hub = DisplayHub(trends: Fixtures.trends, recentLimit: 3)
        for i in 0..<6 {
            await hub.publish(Fixtures.reading("r\(i)", .weight, daysAgo: Double(6 - i), time: "", value: "\(70 + i) kg", tone: .green))
        }
        await hub.publish(Fixtures.reading("r5", .weight, daysAgo: 1, time: "", value: "75 kg", tone: .red))
        let state = await hub.state
        #expect(state.recent.map(\.id) == ["r5", "r4", "r3"])
        #expect(state.latest?.tone == .red)
    }

    @Test func aSlowSubscriberNeverBlocksPublishingNorOtherSubscribers() async throws {
        let hub = DisplayHub(trends: Fixtures.trends, subscriberBufferSize: 4)
        let stalled = await hub.subscribe()      // never read until the end
        let live = await hub.subscribe()
        let reader = Task {
            for await event in live {
                if case .reading(let r) = event, r.id == "r99" { return true }
            }
            return false
        }
        for i in 0..<100 {
            await hub.publish(Fixtures.reading("r\(i)", .weight, daysAgo: 0, time: "", value: "", tone: .green))
        }
        let sawLast = try await withTimeout(5, "the live subscriber to see r99") { await reader.value }
        #expect(sawLast)
        #expect(await hub.droppedEvents >= 96, "the stalled subscriber kept only its newest 4")
        var kept: [String] = []
        for await event in stalled {
            if case .reading(let r) = event { kept.append(r.id) }
            if kept.count == 4 { break }
        }
        #expect(kept == ["r96", "r97", "r98", "r99"])
    }

    @Test func subscribersAreRemovedWhenTheirConsumerGoesAway() async throws {
        let hub = DisplayHub(trends: Fixtures.trends)
        let consumer = Task {
            for await _ in await hub.subscribe() {}
        }
        try await eventually(5, "one subscriber") { await hub.subscriberCount == 1 }
        consumer.cancel()
        try await eventually(5, "the subscriber to be removed") { await hub.subscriberCount == 0 }
        await hub.publish(Fixtures.yellowWeight)   // publishing to nobody is fine
        #expect(await hub.state.latest != nil)
    }

    @Test func finishEndsOpenStreamsAndLaterSubscriptions() async throws {
        let hub = DisplayHub(trends: Fixtures.trends)
        let events = await hub.subscribe()
        await hub.finish()
        let ended = try await withTimeout(5, "the stream to end") {
            var count = 0
            for await _ in events { count += 1 }
            return count
        }
        #expect(ended == 0)
        var late = await hub.subscribe().makeAsyncIterator()
        #expect(await late.next() == nil)
        #expect(await hub.subscriberCount == 0)
    }

    @Test func messagesStatusAndRevision() async {
        let hub = DisplayHub(trends: Fixtures.trends)
        let start = await hub.state.revision
        let older = DisplayMessage(id: "m0", text: "Äldre", sent: Fixtures.now.addingTimeInterval(-30_000), sentText: "")
        await hub.setMessages([older, Fixtures.message])
        await hub.setStatus(.offline)
        await hub.setStatus(.offline)   // no change, no event, no new revision
        let state = await hub.state
        #expect(state.messages.map(\.id) == ["msg-1", "m0"])
        #expect(state.status == .offline)
        #expect(state.revision == start + 2)
    }
}

@Suite("DisplayHub.update")
struct DisplayHubUpdateTests {
    static func reading(_ id: String, minute: Int, detail: String = "") -> DisplayReading {
        DisplayReading(
            id: id, kind: .weight, time: Date(timeIntervalSince1970: Double(1_700_000_000 + minute * 60)),
            timeText: "I dag", valueText: "74,0 kg", tone: .yellow, headline: "h", detail: detail)
    }

    @Test("replaces a shown reading in place: order, big box and storage notice stay")
    func inPlace() async {
        let hub = DisplayHub(trends: TrendSeries.empty(endingAt: Date(timeIntervalSince1970: 0)))
        await hub.publish(Self.reading("1", minute: 1))
        await hub.publish(Self.reading("2", minute: 2))
        await hub.reportNotSaved(UnsavedReading(kind: .weight, received: Date(timeIntervalSince1970: 1_700_000_300), receivedText: "I dag"))
        await hub.update(Self.reading("1", minute: 1, detail: "changed"))
        let state = await hub.state
        #expect(state.recent.map(\.id) == ["2", "1"])
        #expect(state.latest?.id == "2")
        #expect(state.recent[1].detail == "changed")
        #expect(state.storageProblem && state.unsaved != nil)
        #expect(await hub.shownReadings(ids: ["1", "9"]).map(\.detail) == ["changed"])
    }

    @Test("a reading that is not shown is not added")
    func absent() async {
        let hub = DisplayHub(trends: TrendSeries.empty(endingAt: Date(timeIntervalSince1970: 0)))
        await hub.publish(Self.reading("1", minute: 1))
        let revision = await hub.state.revision
        await hub.update(Self.reading("9", minute: 9))
        #expect(await hub.state.recent.map(\.id) == ["1"])
        #expect(await hub.state.revision == revision)
        #expect(await hub.shownReadings(ids: ["9"]).isEmpty)
    }
}
