import Foundation

/// When a stuck controller is power-cycled: after `failureThreshold` failed connects in a row on
/// one adapter (any devices) within `window`, at most once per `minimumInterval`.
public struct WatchdogPolicy: Sendable, Hashable {
    /// Failed connects in a row that make the controller suspect.
    public var failureThreshold: Int
    /// Failures older than this (seconds) no longer count.
    public var window: TimeInterval
    /// Seconds between two power cycles of one adapter, at least (never a loop).
    public var minimumInterval: TimeInterval

    /// Creates a policy; the defaults suit a home hub (5 failures within 3 min, once per 15 min).
    public init(failureThreshold: Int = 5, window: TimeInterval = 180, minimumInterval: TimeInterval = 900) {
        self.failureThreshold = failureThreshold
        self.window = window
        self.minimumInterval = minimumInterval
    }
}

/// The watchdog of one adapter: counts failed connects since the last success. Pure; the manager
/// feeds it and power-cycles when `recordFailure` says so.
struct AdapterWatchdog {
    /// What a failed connect means for the adapter.
    enum Verdict: Equatable {
        case fine
        /// Power-cycle now.
        case powerCycle
        /// Suspect, but it was power-cycled less than `minimumInterval` ago.
        case suspectButRecentlyCycled
    }

    let policy: WatchdogPolicy
    private(set) var failures: [Date] = []
    private(set) var lastPowerCycle: Date?

    init(policy: WatchdogPolicy) {
        self.policy = policy
    }

    /// A connect on the adapter failed at `now`.
    mutating func recordFailure(at now: Date) -> Verdict {
        failures.append(now)
        failures.removeAll { now.timeIntervalSince($0) > policy.window }
        guard failures.count >= policy.failureThreshold else { return .fine }
        if let lastPowerCycle, now.timeIntervalSince(lastPowerCycle) < policy.minimumInterval {
            return .suspectButRecentlyCycled
        }
        lastPowerCycle = now
        failures = []
        return .powerCycle
    }

    /// A connect on the adapter succeeded: the controller works.
    mutating func recordSuccess() {
        failures = []
    }
}
