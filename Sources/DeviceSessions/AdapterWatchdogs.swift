import BlueZ
import DBus
import Foundation

/// The stuck-controller watchdogs of all adapters: which connect results count against the
/// controller, and when an adapter is to be power-cycled. Pure; the device manager feeds it every
/// connect result and power-cycles the adapter when the verdict says so.
struct AdapterWatchdogs {
    let policy: WatchdogPolicy
    private var watchdogs: [ObjectPath: AdapterWatchdog] = [:]
    /// How often an adapter was power-cycled since start.
    private(set) var powerCycles = 0

    init(policy: WatchdogPolicy) {
        self.policy = policy
    }

    /// A connect on `adapter` ended at `now`, with `error` or without. Failures that are not the
    /// controller's fault (keys, vanished objects, an adapter that is off or gone) do not count.
    mutating func record(adapter: ObjectPath, error: BlueZError?, at now: Date) -> AdapterWatchdog.Verdict {
        var watchdog = watchdogs[adapter] ?? AdapterWatchdog(policy: policy)
        guard let error else {
            watchdog.recordSuccess()
            watchdogs[adapter] = watchdog
            return .fine
        }
        if error.isBondProblem || error.isObjectMissing { return .fine }
        switch error {
        case .notReady, .bluezNotRunning, .busDisconnected: return .fine
        default: break
        }
        let verdict = watchdog.recordFailure(at: now)
        watchdogs[adapter] = watchdog
        return verdict
    }

    /// An adapter is being power-cycled.
    mutating func countPowerCycle() {
        powerCycles += 1
    }
}
