import Foundation
import Testing
@testable import Forwarding

@Suite("Backoff and Retry-After arithmetic")
struct BackoffTests {
    let policy = BackoffPolicy(initial: 1, maximum: 300, maximumRetryAfter: 3600)

    @Test("the bound doubles from initial and stops at maximum", arguments: [
        (1, 1.0), (2, 2.0), (3, 4.0), (9, 256.0), (10, 300.0), (1000, 300.0), (0, 1.0), (-5, 1.0),
    ])
    func ceiling(failures: Int, expected: Double) {
        #expect(policy.ceiling(failures: failures) == expected)
    }

    @Test("full jitter: the delay is the random fraction of the bound")
    func jitter() {
        #expect(policy.delay(failures: 3, retryAfter: nil, unit: 0) == 0)
        #expect(policy.delay(failures: 3, retryAfter: nil, unit: 0.5) == 2)
        #expect(policy.delay(failures: 3, retryAfter: nil, unit: 0.999) < 4)
        #expect(policy.delay(failures: 20, retryAfter: nil, unit: 0.25) == 75)
        // Out-of-range randoms are clamped, never negative or past the bound.
        #expect(policy.delay(failures: 2, retryAfter: nil, unit: -1) == 0)
        #expect(policy.delay(failures: 2, retryAfter: nil, unit: 7) == 2)
    }

    @Test("Retry-After is a floor, capped at maximumRetryAfter")
    func retryAfterFloor() {
        #expect(policy.delay(failures: 1, retryAfter: 30, unit: 0.5) == 30)
        #expect(policy.delay(failures: 12, retryAfter: 30, unit: 0.5) == 150)
        #expect(policy.delay(failures: 1, retryAfter: 86_400, unit: 0) == 3600)
        #expect(policy.delay(failures: 1, retryAfter: -3, unit: 0.5) == 0.5)
        #expect(policy.delay(failures: 1, retryAfter: .infinity, unit: 0.5) == 0.5)
    }

    static let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test("Retry-After values: seconds and the three HTTP-date forms", arguments: [
        ("120", 120.0), (" 0 ", 0.0), ("Sun, 06 Nov 1994 08:50:37 GMT", 60.0), ("Sunday, 06-Nov-94 08:51:37 GMT", 120.0),
        ("Sun Nov  6 08:52:37 1994", 180.0), ("Sun, 06 Nov 1994 08:00:00 GMT", 0.0),
    ])
    func retryAfterValues(value: String, seconds: Double) {
        #expect(RetryAfter.seconds(value, now: Self.now) == seconds)
    }

    @Test("Retry-After garbage is ignored", arguments: ["", "soon", "-5", "1.5", "Sun, 06 Nov 1994", "12 GMT"])
    func retryAfterGarbage(value: String) {
        #expect(RetryAfter.seconds(value, now: Self.now) == nil)
    }

    @Test("a huge delay-seconds still means a long wait")
    func retryAfterHuge() {
        #expect((RetryAfter.seconds(String(repeating: "9", count: 400), now: Self.now) ?? 0) > 1e300)
    }

    @Test("the backlog warning is logged once, and again only after recovery")
    func backlogWatch() {
        var watch = BacklogWatch(limit: 3600)
        let now = Self.now
        #expect(watch.observe(oldestUndelivered: nil, now: now) == nil)
        #expect(watch.observe(oldestUndelivered: now.addingTimeInterval(-60), now: now) == nil)
        #expect(watch.observe(oldestUndelivered: now.addingTimeInterval(-3601), now: now) == .tooOld(age: 3601))
        #expect(watch.observe(oldestUndelivered: now.addingTimeInterval(-7200), now: now) == nil)
        #expect(watch.observe(oldestUndelivered: nil, now: now) == .recovered)
        #expect(watch.observe(oldestUndelivered: nil, now: now) == nil)
        #expect(watch.observe(oldestUndelivered: now.addingTimeInterval(-4000), now: now) == .tooOld(age: 4000))
    }
}
