import Display
import Foundation
import Gateway
import GatewayStore
import HubConfig
import Logging
import Triage

/// The config file mapped onto what carehubd runs with. Everything the file names is checked here,
/// before anything is opened, so that a bad config changes nothing.
struct DaemonConfig: Sendable {
    /// The file as read (its path and key lines name the line of a later problem).
    var file: ConfigFile
    var settings: GatewayDaemonSettings
    var logLevel: Logger.Level
    var databaseAccess: DatabaseFileAccess
    /// nil: no `[forwarding]`, nothing is sent.
    var forwarding: ForwardingSettings?

    /// Maps and checks `file`.
    init(_ file: ConfigFile) throws(ConfigError) {
        self.file = file
        let config = file.config
        settings = GatewayDaemonSettings()
        settings.databasePath = config.database
        settings.busAddress = config.busAddress
        // Both were checked by HubConfig.problem(); the fallbacks are never taken.
        settings.pipeline.language = Language(rawValue: config.language) ?? .swedish
        settings.pipeline.timeZone = TimeZone(identifier: config.timeZone) ?? settings.pipeline.timeZone
        settings.maxConnections = config.maxConnections
        settings.display = DisplayServerConfiguration(host: config.display.host, port: config.display.port)
        logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        databaseAccess = .ownerOnly
        if let name = config.databaseGroup {
            guard let group = getgrnam(name) else {
                throw file.error(ConfigProblem("", "database_group", "names group \(name), which does not exist on this system"))
            }
            databaseAccess = .group(group.pointee.gr_gid)
        }
        do {
            forwarding = try config.forwarding.map { section throws(ConfigProblem) in try ForwardingSettings(section) }
        } catch {
            throw file.error(error)
        }
    }

    /// The effective settings, for `--check-config`.
    var summary: String {
        let s = settings
        var lines = [
            "config           \(file.path.map { "\($0) (\(file.format?.rawValue ?? ""))" } ?? "none: the built-in defaults")",
            "database         \(s.databasePath) (mode \(String(databaseAccess.mode, radix: 8))\(file.config.databaseGroup.map { ", group \($0)" } ?? ""))",
            "bus              \(s.busAddress ?? "system bus (DBUS_SYSTEM_BUS_ADDRESS or the standard socket)")",
            "language         \(s.pipeline.language.rawValue)",
            "time_zone        \(s.pipeline.timeZone.identifier)",
            "display          \(s.display.host):\(s.display.port)",
            "max_connections  \(s.maxConnections)",
            "log_level        \(logLevel.rawValue)",
        ]
        if let forwarding {
            lines.append("forwarding       \(forwarding.url.absoluteString), batches of \(forwarding.batchSize)"
                         + (forwarding.tokenFile != nil ? ", bearer token" : "") + (forwarding.clientIdentity != nil ? ", client certificate" : ""))
            lines.append("clinic sync      messages and thresholds every \(forwarding.pollInterval) s, heartbeat every \(forwarding.heartbeatInterval) s")
        } else {
            lines.append("forwarding       none: no [forwarding] section, nothing is sent (readings stay on the hub)")
        }
        return lines.joined(separator: "\n")
    }
}
