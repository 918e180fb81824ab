import Display
import Foundation
import Gateway
import Logging
import Triage

/// `carehubd --config FILE`: a JSON object; every key is optional and documented in README
/// ("carehubd configuration"). Unknown keys and wrong types are errors naming the key, so a typo
/// never silently falls back to a default.
struct DaemonConfig {
    var settings = GatewayDaemonSettings()
    var logLevel: Logger.Level = .info

    static let keys: Set<String> = ["database", "bus_address", "language", "time_zone", "display", "max_connections", "log_level"]
    static let displayKeys: Set<String> = ["host", "port"]

    /// Reads and checks a config file.
    static func load(path: String) throws(DaemonConfigError) -> DaemonConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DaemonConfigError(file: path, key: nil, problem: "cannot be read (\(error.localizedDescription))")
        }
        return try parse(data, file: path)
    }

    /// Checks config JSON; `file` names it in errors.
    static func parse(_ data: Data, file: String) throws(DaemonConfigError) -> DaemonConfig {
        func fail(_ key: String?, _ problem: String) -> DaemonConfigError {
            DaemonConfigError(file: file, key: key, problem: problem)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            throw fail(nil, "is not a JSON object")
        }
        if let unknown = Set(root.keys).subtracting(keys).sorted().first {
            throw fail(unknown, "is not a setting (known: \(keys.sorted().joined(separator: ", ")))")
        }
        var config = DaemonConfig()
        if let value = root["database"] {
            guard let path = value as? String, path.hasPrefix("/") else { throw fail("database", "must be an absolute path") }
            config.settings.databasePath = path
        }
        if let value = root["bus_address"] {
            guard let address = value as? String, address.contains(":") else {
                throw fail("bus_address", "must be a D-Bus address such as unix:path=/run/dbus/system_bus_socket")
            }
            config.settings.busAddress = address
        }
        if let value = root["language"] {
            guard let text = value as? String, let language = Language(rawValue: text) else { throw fail("language", "must be \"sv\" or \"en\"") }
            config.settings.pipeline.language = language
        }
        if let value = root["time_zone"] {
            guard let name = value as? String, let zone = TimeZone(identifier: name) else {
                throw fail("time_zone", "must be an IANA time zone such as \"Europe/Stockholm\"")
            }
            config.settings.pipeline.timeZone = zone
        }
        if let value = root["max_connections"] {
            guard let number = value as? Int, (1...10).contains(number), !(value is Bool) else {
                throw fail("max_connections", "must be a whole number from 1 to 10")
            }
            config.settings.maxConnections = number
        }
        if let value = root["log_level"] {
            guard let text = value as? String, let level = Logger.Level(rawValue: text) else {
                throw fail("log_level", "must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            config.logLevel = level
        }
        if let value = root["display"] {
            guard let display = value as? [String: Any] else { throw fail("display", "must be an object with host and port") }
            if let unknown = Set(display.keys).subtracting(displayKeys).sorted().first {
                throw fail("display.\(unknown)", "is not a setting (known: host, port)")
            }
            var host = config.settings.display.host
            var port = config.settings.display.port
            if let value = display["host"] {
                guard let text = value as? String, !text.isEmpty else { throw fail("display.host", "must be an address such as 127.0.0.1") }
                host = text
            }
            if let value = display["port"] {
                guard let number = value as? Int, (0...65_535).contains(number), !(value is Bool) else {
                    throw fail("display.port", "must be a port number from 0 to 65535 (0: any free port)")
                }
                port = number
            }
            config.settings.display = DisplayServerConfiguration(host: host, port: port)
        }
        return config
    }
}

/// A config file problem, naming the file and the key.
struct DaemonConfigError: Error, Equatable, CustomStringConvertible {
    var file: String
    var key: String?
    var problem: String

    var description: String {
        if let key { "\(file): \(key) \(problem)" } else { "\(file) \(problem)" }
    }
}
