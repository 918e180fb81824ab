import Forwarding
import Foundation
import GatewayStore
import TestSupport
import Testing

/// Every reading reaches the store exactly once, asserted on the test store's own state (a
/// resource per identifier, created once), against a real HTTP server on loopback and real SQLite.
@Suite("Forwarding: exactly once through failures")
struct DeliveryTests {
    @Test("a store that is down (connection refused) and then up gets every reading once")
    func downThenUp() async throws {
        let fixture = try ForwardingFixture()
        let ids = try fixture.commit(5)
        let port = try parkedLoopbackPort()
        let server = FHIRTestServer()
        let forwarder = try fixture.forwarder(url: "http://127.0.0.1:\(port)/fhir", batchSize: 2)
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(forwarder.events)
        defer { collecting.cancel() }
        try await whileRunning(forwarder) {
            try await events.wait("a refused connection") { $0.retryReasons.contains("connection refused") }
            #expect(try fixture.store.outboxCounts(now: .distantFuture).sent == 0)
            _ = try await server.start(port: port)
            try await events.wait("every reading sent") { $0.sentIDs == Set(ids) }
        }
        await server.stop()
        #expect(await server.state.creates == Dictionary(uniqueKeysWithValues: (0..<5).map { (ForwardingFixture.key($0), 1) }))
        for id in ids {
            guard case .sent = try fixture.store.deliveryState(of: id) else { Issue.record("\(id) not sent"); continue }
        }
        let status = try forwarder.status()
        #expect(status.depth == 0 && status.deadLetters == 0 && status.lastSuccessAt != nil)
        #expect(status.lastError == "connection refused")
    }

    @Test("a store that commits and then drops the connection before answering stores the readings once")
    func committedThenDropped() async throws {
        let fixture = try ForwardingFixture()
        let ids = try fixture.commit(4)
        let server = FHIRTestServer()
        await server.state.setScript([.applyThenDrop])
        let port = try await server.start()
        let forwarder = try fixture.forwarder(url: "http://127.0.0.1:\(port)/fhir")
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(forwarder.events)
        defer { collecting.cancel() }
        try await whileRunning(forwarder) {
            try await events.wait("every reading sent") { $0.sentIDs == Set(ids) }
        }
        await server.stop()
        // The first transaction was applied but never answered: the hub sent it again, and the
        // conditional create kept each reading once.
        #expect(await server.state.requests.count == 2)
        #expect(await events.all.retryReasons.count == 1)
        #expect(await server.state.creates == Dictionary(uniqueKeysWithValues: (0..<4).map { (ForwardingFixture.key($0), 1) }))
    }

    @Test("503 with Retry-After: the next attempt waits at least that long, then delivers")
    func serviceUnavailableWithRetryAfter() async throws {
        let fixture = try ForwardingFixture()
        let ids = try fixture.commit(3)
        let server = FHIRTestServer()
        await server.state.setScript([.status(503, retryAfter: "1")])
        let port = try await server.start()
        let forwarder = try fixture.forwarder(url: "http://127.0.0.1:\(port)/fhir")
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(forwarder.events)
        defer { collecting.cancel() }
        try await whileRunning(forwarder) {
            try await events.wait("a 503") { !$0.retryReasons.isEmpty }
            // Stored with every undelivered row: the failure and its next attempt.
            guard case .pending(let attempts, let error, let next) = try fixture.store.deliveryState(of: ids[0]) else {
                Issue.record("not pending after a 503"); return
            }
            #expect(attempts == 1 && error == "HTTP 503")
            let firstRequest = try #require(await server.state.requests.first).at
            #expect(next.timeIntervalSince(firstRequest) >= 1)
            try await events.wait("every reading sent") { $0.sentIDs == Set(ids) }
        }
        await server.stop()
        let requests = await server.state.requests
        #expect(requests.count == 2)
        // Retry-After: 1 was honoured (the backoff alone would have been at most 0.05 s).
        if requests.count == 2 { #expect(requests[1].at.timeIntervalSince(requests[0].at) >= 1) }
        #expect(await server.state.creates.count == 3)
    }

    @Test("a store that refuses one reading with 422: it is dead-lettered with its OperationOutcome, the rest delivered")
    func oneRefused() async throws {
        let fixture = try ForwardingFixture()
        let ids = try fixture.commit(7)
        let server = FHIRTestServer()
        await server.state.reject(ForwardingFixture.key(4))
        let port = try await server.start()
        let forwarder = try fixture.forwarder(url: "http://127.0.0.1:\(port)/fhir")
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(forwarder.events)
        defer { collecting.cancel() }
        try await whileRunning(forwarder) {
            try await events.wait("six sent, one dead-lettered") {
                $0.sentIDs.count == 6 && $0.deadIDs == [ids[4]]
            }
        }
        await server.stop()
        var expected = Dictionary(uniqueKeysWithValues: (0..<7).map { (ForwardingFixture.key($0), 1) })
        expected[ForwardingFixture.key(4)] = nil
        #expect(await server.state.creates == expected)
        guard case .deadLettered(let letter) = try fixture.store.deliveryState(of: ids[4]) else {
            Issue.record("reading 4 is not a dead letter"); return
        }
        #expect(letter.httpStatus == 422)
        #expect(letter.outcome == FHIRTestServer.outcomeMentioningPatient)
        #expect(letter.reason == "HTTP 422 (error: processing)")
        let status = try forwarder.status()
        #expect(status.deadLetters == 1 && status.depth == 0)
        // Logged, with the outcome's codes and without its diagnostics (they name the patient).
        let lines = fixture.logs.lines
        #expect(lines.contains { $0.level == .error && $0.text.contains("reading=\(ids[4])") && $0.text.contains("422") })
        #expect(!lines.contains { $0.text.contains("pat-0001") })
    }

    @Test("a reading no bundle can be built for is dead-lettered with the reason; the others are delivered")
    func unmappable() async throws {
        let fixture = try ForwardingFixture()
        let first = try fixture.commit(2)
        let bad = try fixture.commit(1, first: 2, identifiers: false)
        let last = try fixture.commit(2, first: 3)
        let server = FHIRTestServer()
        let port = try await server.start()
        let forwarder = try fixture.forwarder(url: "http://127.0.0.1:\(port)/fhir")
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(forwarder.events)
        defer { collecting.cancel() }
        try await whileRunning(forwarder) {
            try await events.wait("four sent, one dead") { $0.sentIDs == Set(first + last) && $0.deadIDs == Set(bad) }
        }
        await server.stop()
        guard case .deadLettered(let letter) = try fixture.store.deliveryState(of: bad[0]) else {
            Issue.record("not dead-lettered"); return
        }
        #expect(letter.reason == "no bundle: no Observation identifier" && letter.httpStatus == nil)
        #expect(await server.state.creates.count == 4)
    }

    @Test("a restart mid-upload: the first forwarder is cancelled in flight, a new one on the same file delivers once")
    func restartMidUpload() async throws {
        let fixture = try ForwardingFixture()
        let ids = try fixture.commit(6)
        let server = FHIRTestServer()
        await server.state.setScript([.applyThenHold])
        let port = try await server.start()
        let url = "http://127.0.0.1:\(port)/fhir"
        let first = try fixture.forwarder(url: url)
        let running = Task { try await first.run() }
        // The store has applied the transaction and holds the answer: the hub is killed now.
        try await withTimeout(20, "the first upload") { await server.state.waitForRequests(1) }
        running.cancel()
        _ = await running.result
        #expect(try fixture.store.outboxCounts(now: .distantFuture).sent == 0)

        try fixture.reopen()
        let second = try fixture.forwarder(url: url)
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(second.events)
        defer { collecting.cancel() }
        try await whileRunning(second) {
            try await events.wait("every reading sent") { $0.sentIDs == Set(ids) }
        }
        await server.stop()
        #expect(await server.state.requests.count == 2)
        #expect(await server.state.creates == Dictionary(uniqueKeysWithValues: (0..<6).map { (ForwardingFixture.key($0), 1) }))
    }

    @Test("each commit wakes the forwarder at once; between readings it is idle with nothing to wait for")
    func wokenByCommits() async throws {
        let fixture = try ForwardingFixture()
        let server = FHIRTestServer()
        let port = try await server.start()
        let wakeup = ForwarderWakeup()
        let forwarder = try fixture.forwarder(url: "http://127.0.0.1:\(port)/fhir", wakeup: wakeup)
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(forwarder.events)
        defer { collecting.cancel() }
        try await whileRunning(forwarder) {
            try await events.wait("idle at start") { $0.contains(.idle(nextAttempt: nil)) }
            for index in 0..<3 {
                let id = try fixture.commit(1, first: index)
                wakeup.signal()
                try await events.wait("reading \(index) sent") { $0.sentIDs.isSuperset(of: id) }
            }
        }
        await server.stop()
        #expect(await server.state.requests.count == 3)
        // Idle means asleep until a wake-up: no timer, no polling.
        #expect(await events.all.allSatisfy { if case .idle(let next) = $0 { next == nil } else { true } })
    }
}
