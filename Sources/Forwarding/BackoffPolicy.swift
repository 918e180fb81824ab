import Foundation

/// When to try again after a transient failure: exponential backoff with full jitter, at least as
/// long as the server's `Retry-After`, both capped.
public struct BackoffPolicy: Hashable, Sendable {
    /// Upper bound of the first delay (seconds).
    public var initial: TimeInterval
    /// Cap of the exponential bound (seconds).
    public var maximum: TimeInterval
    /// The longest `Retry-After` honoured (seconds); a server asking for more gets this.
    public var maximumRetryAfter: TimeInterval

    public init(initial: TimeInterval = 1, maximum: TimeInterval = 300, maximumRetryAfter: TimeInterval = 3600) {
        self.initial = initial
        self.maximum = maximum
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// The bound of the jittered delay after `failures` consecutive failures (1 = the first):
    /// `min(maximum, initial × 2^(failures − 1))`.
    public func ceiling(failures: Int) -> TimeInterval {
        let exponent = Double(min(max(failures, 1) - 1, 62))
        return min(maximum, initial * pow(2, exponent))
    }

    /// The delay before the next attempt. Full jitter: `unit` (uniform in 0..<1) × ``ceiling(failures:)``,
    /// so hubs that lost the store together do not come back together; never less than the server's
    /// `retryAfter` (capped at ``maximumRetryAfter``).
    public func delay(failures: Int, retryAfter: TimeInterval?, unit: Double) -> TimeInterval {
        let jittered = ceiling(failures: failures) * min(max(unit, 0), 1)
        guard let retryAfter, retryAfter.isFinite else { return jittered }
        return max(jittered, min(max(retryAfter, 0), maximumRetryAfter))
    }

    func validate() throws(ForwardingConfigurationError) {
        guard initial.isFinite, initial > 0 else { throw .invalidBackoff("initial must be positive") }
        guard maximum.isFinite, maximum >= initial else { throw .invalidBackoff("maximum must be at least initial") }
        guard maximumRetryAfter.isFinite, maximumRetryAfter >= 0 else {
            throw .invalidBackoff("maximum Retry-After must not be negative")
        }
    }
}
