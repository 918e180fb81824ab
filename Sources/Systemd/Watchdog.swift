#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The service manager's watchdog (`WatchdogSec=`): how often it wants `WATCHDOG=1`.
public struct Watchdog: Sendable, Equatable {
    /// The watchdog timeout (`WATCHDOG_USEC`).
    public var timeout: Duration

    /// How often to ping: half the timeout, as sd_watchdog_enabled(3) advises.
    public var pingInterval: Duration { timeout / 2 }

    /// Creates a watchdog with the given timeout.
    public init(timeout: Duration) {
        self.timeout = timeout
    }

    /// The watchdog from `WATCHDOG_USEC` (and `WATCHDOG_PID`, which must be this process when set);
    /// nil when not enabled. With `unsetting`, both variables are removed from the environment.
    public static func fromEnvironment(unsetting: Bool = true) -> Watchdog? {
        let usec = getenv("WATCHDOG_USEC").map { String(cString: $0) }
        let pid = getenv("WATCHDOG_PID").map { String(cString: $0) }
        if unsetting {
            unsetenv("WATCHDOG_USEC")
            unsetenv("WATCHDOG_PID")
        }
        guard let usec, let microseconds = UInt64(usec), microseconds > 0 else { return nil }
        if let pid, Int32(pid) != getpid() { return nil }
        return Watchdog(timeout: .microseconds(microseconds))
    }
}
