import Foundation
import MonitoringStore

/// How `carehub-store serve` runs: plain values, read from the command line by the executable.
public struct StoreServerConfiguration: Sendable {
    public var host: String
    /// 0: any free port (tests).
    public var port: Int
    /// Largest request body accepted (413 above).
    public var maxBodyBytes: Int
    /// Per-hub token bucket: sustained requests per second and burst.
    public var hubRequestsPerSecond: Double
    public var hubBurst: Double
    /// Staff session lifetime.
    public var sessionLifetime: TimeInterval
    /// Add `Secure` to the session cookie (the store is behind TLS).
    public var secureCookies: Bool
    public var fleet: FleetPolicy
    /// The staff pages show times in this zone (`serve --time-zone`).
    public var timeZone: TimeZone

    /// The clinic's zone when none is given.
    public static let defaultTimeZone = TimeZone(identifier: "Europe/Stockholm") ?? .gmt

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 2 << 20,
                hubRequestsPerSecond: Double = 20, hubBurst: Double = 100, sessionLifetime: TimeInterval = 8 * 3600,
                secureCookies: Bool = false, fleet: FleetPolicy = FleetPolicy(), timeZone: TimeZone = defaultTimeZone) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.hubRequestsPerSecond = hubRequestsPerSecond
        self.hubBurst = hubBurst
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
        self.fleet = fleet
        self.timeZone = timeZone
    }
}
