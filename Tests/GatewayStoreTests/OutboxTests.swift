import Foundation
import Testing
@testable import GatewayStore

@Suite("Forwarding outbox")
struct OutboxTests {
    @Test("pending rows come oldest first, failures are retried at their time, sent rows leave the queue")
    func retriesAndOrdering() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        var ids: [ReadingID] = []
        for minute in 0..<4 {
            let at = Fixture.base.addingTimeInterval(Double(minute) * 60)
            if case .stored(let id) = try store.commit(reading: Fixture.bp(systolic: 120 + minute, deviceTime: nil,
                                                                            connection: "c\(minute)", receivedAt: at),
                                                       assessment: Fixture.assessment()) {
                ids.append(id)
            }
        }
        #expect(ids.count == 4)
        let now = Fixture.base.addingTimeInterval(600)
        let due = try store.pendingOutbox(limit: 10, now: now)
        #expect(due.map(\.stored.id) == ids)
        #expect(due.allSatisfy { $0.attempts == 0 && $0.stored.assessment != nil })
        #expect(try store.pendingOutbox(limit: 2, now: now).count == 2)
        // Nothing is due before the first reading was received.
        #expect(try store.pendingOutbox(limit: 10, now: Fixture.base.addingTimeInterval(-1)).isEmpty)

        // The first fails twice and is scheduled later; the others go out.
        let retryAt = now.addingTimeInterval(300)
        try store.markFailed(id: due[0].id, error: "HTTP 503", nextAttemptAt: now.addingTimeInterval(30))
        try store.markFailed(id: due[0].id, error: "timeout", nextAttemptAt: retryAt)
        #expect(try store.pendingOutbox(limit: 10, now: now).map(\.stored.id) == Array(ids.dropFirst()))
        try store.markSent(ids: due.dropFirst().map(\.id), at: now)
        #expect(try store.pendingOutbox(limit: 10, now: now).isEmpty)

        let counts = try store.outboxCounts(now: now)
        #expect(counts == OutboxCounts(pending: 1, due: 0, failing: 1, sent: 3, oldestPendingReceivedAt: Fixture.base))

        let retry = try store.pendingOutbox(limit: 10, now: retryAt)
        #expect(retry.count == 1)
        #expect(retry.first?.attempts == 2)
        #expect(retry.first?.lastError == "timeout")
        #expect(retry.first?.nextAttemptAt == retryAt)
        try store.markSent(ids: retry.map(\.id), at: retryAt)
        // A late failure report for an already sent row changes nothing.
        try store.markFailed(id: due[0].id, error: "late", nextAttemptAt: retryAt)
        #expect(try store.outboxCounts(now: retryAt) ==
                OutboxCounts(pending: 0, due: 0, failing: 0, sent: 4, oldestPendingReceivedAt: nil))
    }
}
