import Foundation

/// Waits for the session's delays (backoff, settle pauses); tests inject one that does not wait.
public protocol SessionClock: Sendable {
    func sleep(for duration: Duration) async throws
}

/// Real time.
public struct ContinuousSessionClock: SessionClock {
    public init() {}
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

/// Capped exponential backoff with jitter for transient connect/GATT errors (bleak-retry-connector
/// practice: first retry within ~250 ms, a handful of attempts).
public struct BackoffPolicy: Sendable {
    public var initial: Duration
    public var cap: Duration
    /// Attempts per advertisement cycle before the session gives up until the device advertises again.
    public var maxAttempts: Int
    /// Jitter as a fraction of the delay (0.2 = ±20 %).
    public var jitter: Double
    /// Source of randomness in 0..<1 (injectable for tests).
    public var random: @Sendable () -> Double

    /// Creates a policy.
    public init(initial: Duration = .milliseconds(250), cap: Duration = .seconds(8), maxAttempts: Int = 6,
                jitter: Double = 0.2, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.initial = initial
        self.cap = cap
        self.maxAttempts = maxAttempts
        self.jitter = jitter
        self.random = random
    }

    /// Delay before attempt `attempt + 1` after `attempt` failures (1-based).
    public func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let base = min(initial * (1 << exponent), cap)
        let factor = 1 + jitter * (2 * random() - 1)
        return base * max(factor, 0)
    }
}
