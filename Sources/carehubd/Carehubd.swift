import ArgumentParser
import ControlAPI
import Foundation
import Gateway
import GatewayStore
import Logging
import ServiceLifecycle

/// `carehubd`: the CareHub hub daemon. Reads its config, then runs the gateway until SIGTERM/SIGINT.
@main
struct Carehubd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carehubd",
        abstract: "CareHub hub daemon: BLE cuffs and scales → stored, assessed readings and the display page.",
        discussion: """
        Without --config it runs with the built-in defaults (database \(HubStore.defaultPath),
        Swedish texts, Europe/Stockholm, display page on 127.0.0.1:8080). The config file's keys
        are listed in README ("carehubd configuration"). DBUS_SYSTEM_BUS_ADDRESS is honoured.
        """,
        version: CareHubVersion.current
    )

    @Option(name: .long, help: "A JSON config file.")
    var config: String?

    @Option(name: .long, help: "The SQLite database (overrides the config file).")
    var database: String?

    @Option(name: .long, help: "The display page's port (overrides the config file; 0: any free port).")
    var displayPort: Int?

    @Flag(name: .long, help: "Check the config, print the effective settings and exit.")
    var checkConfig = false

    func run() async throws {
        var loaded = DaemonConfig()
        if let config {
            do {
                loaded = try DaemonConfig.load(path: config)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        if let database {
            guard database.hasPrefix("/") else { throw ValidationError("--database must be an absolute path") }
            loaded.settings.databasePath = database
        }
        if let displayPort {
            guard (0...65_535).contains(displayPort) else { throw ValidationError("--display-port must be from 0 to 65535") }
            loaded.settings.display = .init(host: loaded.settings.display.host, port: displayPort)
        }
        if checkConfig {
            let s = loaded.settings
            print("""
            database         \(s.databasePath)
            bus              \(s.busAddress ?? "system bus (DBUS_SYSTEM_BUS_ADDRESS or the standard socket)")
            language         \(s.pipeline.language.rawValue)
            time_zone        \(s.pipeline.timeZone.identifier)
            display          \(s.display.host):\(s.display.port)
            max_connections  \(s.maxConnections)
            log_level        \(loaded.logLevel.rawValue)
            """)
            return
        }
        let level = loaded.logLevel
        let journal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = journal ? JournalLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "carehubd")
        let daemon = GatewayDaemon(settings: loaded.settings, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [daemon], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as GatewayDaemonError {
            logger.critical("carehubd stopped: \(error.description)")
            throw ExitCode(1)
        }
    }
}
