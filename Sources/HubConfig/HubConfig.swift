import GatewayStore
import Foundation

/// carehubd's configuration file (`/etc/carehub/carehubd.toml`), as one typed value. Every key is
/// optional except inside `[forwarding]`; each key's meaning and default are written once, in the
/// `fields` list beside the field, and README's table is checked against it (HubConfigTests).
/// The `carehub` CLI reads the same file for `database` and `bus_address`.
public struct HubConfig: ConfigSection, Equatable {
    public var database = HubStore.defaultPath
    public var databaseGroup: String?
    public var busAddress: String?
    public var language = "sv"
    public var timeZone = "Europe/Stockholm"
    public var maxConnections = 3
    public var logLevel = "info"
    public var display = DisplaySection()
    public var forwarding: ForwardingSection?

    /// The built-in defaults (what carehubd runs with when there is no file).
    public init() {}

    public static let fields: [ConfigField<HubConfig>] = [
        .init("database", \.database, type: "absolute path",
              meaning: "the SQLite database; its directory must exist and be writable by carehubd"),
        .init("database_group", \.databaseGroup, type: "group name", default: "none: files are 0600",
              meaning: "a group that may read the database (e.g. `carehub-admin` for the CLI): its files are then 0640 in that group"),
        .init("bus_address", \.busAddress, type: "D-Bus address", default: "`DBUS_SYSTEM_BUS_ADDRESS`, else the system bus",
              meaning: "the bus bluetoothd and the control API are on"),
        .init("language", \.language, type: "`\"sv\"` or `\"en\"`",
              meaning: "the patient's texts (both languages are stored)"),
        .init("time_zone", \.timeZone, type: "IANA time zone",
              meaning: "device clocks, morning weights and display times are read in it"),
        .init("max_connections", \.maxConnections, type: "1–10",
              meaning: "devices connected at once per adapter"),
        .init("log_level", \.logLevel, type: "`trace` … `critical`",
              meaning: "log detail (`debug` and `trace` may log device addresses); SIGHUP applies a change"),
        .init("display", \.display, type: "table", table: true, meaning: "the patient's display page"),
        .init("forwarding", \.forwarding, type: "table", default: "none: nothing is sent", table: true,
              meaning: "where readings are sent; without it they stay on the hub"),
    ]

    public init(from decoder: any Decoder) throws { try self.init(fromFields: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeFields(to: encoder) }

    /// The log levels `log_level` accepts (swift-log's).
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
    /// The languages `language` accepts.
    public static let languages = ["sv", "en"]

    /// Checks the values (not the files they name: see carehubd's `ForwardingSettings`); the first
    /// problem in the order of the fields.
    public func problem() -> ConfigProblem? {
        if !database.hasPrefix("/") { return ConfigProblem("", "database", "must be an absolute path") }
        if let group = databaseGroup, group.isEmpty || group.contains(where: { $0 == ":" || $0.isWhitespace }) {
            return ConfigProblem("", "database_group", "must be a group name such as \"carehub-admin\"")
        }
        if let address = busAddress, !address.contains(":") {
            return ConfigProblem("", "bus_address", "must be a D-Bus address such as \"unix:path=/run/dbus/system_bus_socket\"")
        }
        if !Self.languages.contains(language) { return ConfigProblem("", "language", "must be \"sv\" or \"en\"") }
        if TimeZone(identifier: timeZone) == nil {
            return ConfigProblem("", "time_zone", "must be an IANA time zone such as \"Europe/Stockholm\"")
        }
        if !(1...10).contains(maxConnections) { return ConfigProblem("", "max_connections", "must be a whole number from 1 to 10") }
        if !Self.logLevels.contains(logLevel) {
            return ConfigProblem("", "log_level", "must be one of \(Self.logLevels.joined(separator: ", "))")
        }
        if let problem = display.problem() { return problem }
        return forwarding?.problem()
    }
}

/// `[display]`: the patient's page. It has no login, so it is served on loopback only.
public struct DisplaySection: ConfigSection, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080

    public init() {}

    public static let fields: [ConfigField<DisplaySection>] = [
        .init("host", \.host, type: "loopback address",
              meaning: "where the page is served: 127.0.0.0/8, `::1` or `localhost` only (the page has no login)"),
        .init("port", \.port, type: "0–65535", meaning: "the page's TCP port (0: any free port)"),
    ]

    public init(from decoder: any Decoder) throws { try self.init(fromFields: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeFields(to: encoder) }

    func problem() -> ConfigProblem? {
        if !LoopbackHost.isLoopback(host) {
            return ConfigProblem("display", "host",
                                 "must be a loopback address (127.0.0.1, another 127.x.y.z, ::1 or localhost): the page has no login")
        }
        if !(0...65_535).contains(port) {
            return ConfigProblem("display", "port", "must be a port number from 0 to 65535 (0: any free port)")
        }
        return nil
    }
}

/// `[forwarding]`: the FHIR endpoint readings are sent to. Its files are checked by carehubd when
/// it starts (`ForwardingSettings`), not here: the CLI reads this file without those rights.
public struct ForwardingSection: ConfigSection, Equatable {
    public var url = ""
    public var tokenFile: String?
    public var caFile: String?
    public var clientCertificate: String?
    public var clientKey: String?
    public var batchSize = 100
    public var backlogWarningAge = 86_400
    public var pollInterval = 60
    public var heartbeatInterval = 900

    public init() {}

    public static let fields: [ConfigField<ForwardingSection>] = [
        .init("url", \.url, type: "https URL", default: "required", required: true,
              meaning: "the FHIR base URL; `http` only to a loopback host"),
        .init("token_file", \.tokenFile, type: "absolute path", default: "none",
              meaning: "a file holding the bearer token; must not be readable by group or others"),
        .init("ca_file", \.caFile, type: "absolute path", default: "none: the system's CAs",
              meaning: "PEM certificates to trust for the endpoint instead of the system's"),
        .init("client_certificate", \.clientCertificate, type: "absolute path", default: "none",
              meaning: "PEM client certificate for mutual TLS (with `client_key`)"),
        .init("client_key", \.clientKey, type: "absolute path", default: "none",
              meaning: "its PEM private key (with `client_certificate`); must not be readable by group or others"),
        .init("batch_size", \.batchSize, type: "1–1000", meaning: "readings per FHIR transaction Bundle"),
        .init("backlog_warning_age", \.backlogWarningAge, type: "seconds",
              meaning: "an unsent reading older than this is warned about (log, `STATUS=`)"),
        .init("poll_interval", \.pollInterval, type: "10–86400 seconds",
              meaning: "how often the hub asks the store for its patients' messages and thresholds (longer after failures)"),
        .init("heartbeat_interval", \.heartbeatInterval, type: "60–86400 seconds",
              meaning: "how often the hub sends its heartbeat (backlog, devices' last contact and battery); also once at start"),
    ]

    public init(from decoder: any Decoder) throws { try self.init(fromFields: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeFields(to: encoder) }

    func problem() -> ConfigProblem? {
        let components = URLComponents(string: url)
        guard let components, let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty else {
            return ConfigProblem("forwarding", "url", "must be an https URL such as \"https://fhir.example.org/fhir\"")
        }
        if scheme == "http" {
            if !LoopbackHost.isLoopback(host) {
                return ConfigProblem("forwarding", "url", "must use https (plain http only to a loopback host): readings are health data")
            }
        } else if scheme != "https" {
            return ConfigProblem("forwarding", "url", "must be an https URL such as \"https://fhir.example.org/fhir\"")
        }
        for (key, path) in [("token_file", tokenFile), ("ca_file", caFile), ("client_certificate", clientCertificate), ("client_key", clientKey)] {
            if let path, !path.hasPrefix("/") { return ConfigProblem("forwarding", key, "must be an absolute path") }
        }
        if (clientCertificate == nil) != (clientKey == nil) {
            let missing = clientCertificate == nil ? "client_certificate" : "client_key"
            let given = clientCertificate == nil ? "client_key" : "client_certificate"
            return ConfigProblem("forwarding", given, "needs \(missing) as well (a client certificate and its key go together)")
        }
        if !(1...1000).contains(batchSize) { return ConfigProblem("forwarding", "batch_size", "must be a whole number from 1 to 1000") }
        if backlogWarningAge < 1 { return ConfigProblem("forwarding", "backlog_warning_age", "must be a number of seconds, at least 1") }
        if !(10...86_400).contains(pollInterval) {
            return ConfigProblem("forwarding", "poll_interval", "must be a number of seconds from 10 to 86400")
        }
        if !(60...86_400).contains(heartbeatInterval) {
            return ConfigProblem("forwarding", "heartbeat_interval", "must be a number of seconds from 60 to 86400")
        }
        return nil
    }
}

/// Which hosts count as loopback for the display page and plain-http forwarding.
public enum LoopbackHost {
    /// 127.0.0.0/8 (dotted quad), `::1` (also bracketed) and `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" { return true }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, bare, &v6) == 1 {
            var loopback = in6addr_loopback
            return memcmp(&v6, &loopback, MemoryLayout<in6_addr>.size) == 0
        }
        var v4 = in_addr()
        guard inet_pton(AF_INET, bare, &v4) == 1 else { return false }
        return UInt32(bigEndian: v4.s_addr) >> 24 == 127
    }
}
