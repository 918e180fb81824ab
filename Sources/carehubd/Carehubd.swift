import ArgumentParser
import ControlAPI
import Foundation
import Gateway
import GatewayStore
import HubConfig
import Logging
import ServiceLifecycle
import Systemd
import UnixSignals

/// `carehubd`: the CareHub hub daemon. Reads its config, then runs the gateway until SIGTERM/SIGINT.
/// Exit statuses: 0 stopped cleanly, 1 could not start or failed, 64 bad command line,
/// 78 (EX_CONFIG) bad config file.
@main
struct Carehubd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carehubd",
        abstract: "CareHub hub daemon: BLE cuffs and scales → stored, assessed readings and the display page.",
        discussion: """
        Without --config it reads \(ConfigFile.defaultPath) when that exists, else runs with the
        built-in defaults. The file is TOML (a file starting with `{` is read as the older JSON); its
        keys are listed in README ("carehubd configuration"). A bad config exits 78 naming the key and
        its line. SIGHUP re-reads the file (log_level applies at once; other keys need a restart).
        DBUS_SYSTEM_BUS_ADDRESS is honoured; under systemd it notifies READY, STATUS and WATCHDOG.
        """,
        version: CareHubVersion.current
    )

    /// sysexits(3) EX_CONFIG.
    static let configErrorStatus: Int32 = 78

    @Option(name: .long, help: ArgumentHelp("The config file (TOML). Default: \(ConfigFile.defaultPath) if it exists.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The SQLite database, an absolute path (overrides the config file).", valueName: "path"))
    var database: String?

    @Option(name: .long, help: "The display page's port (overrides the config file; 0: any free port).")
    var displayPort: Int?

    @Flag(name: .long, help: "Check the config, print the effective settings and exit (78 if it is bad).")
    var checkConfig = false

    func validate() throws {
        if let database, !database.hasPrefix("/") { throw ValidationError("--database must be an absolute path") }
        if let displayPort, !(0...65_535).contains(displayPort) { throw ValidationError("--display-port must be from 0 to 65535") }
    }

    /// The config file with the command line's overrides; a problem is one line on stderr and exit 78.
    func loadConfig() throws(ExitCode) -> DaemonConfig {
        do {
            var loaded = try DaemonConfig(try ConfigFile.loadOrDefault(path: config))
            if let database { loaded.settings.databasePath = database }
            if let displayPort { loaded.settings.display.port = displayPort }
            return loaded
        } catch {
            FileHandle.standardError.write(Data("carehubd: \(error)\n".utf8))
            throw ExitCode(Self.configErrorStatus)
        }
    }

    func run() async throws {
        let loaded = try loadConfig()
        if checkConfig {
            print(loaded.summary)
            return
        }
        let systemd = Self.systemdFromEnvironment()
        let levels = LogLevelControl(loaded.logLevel)
        levels.bootstrap(journal: ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil)
        let logger = Logger(label: "carehubd")
        if let problem = systemd.problem { logger.warning("sd_notify disabled: \(problem)") }
        do {
            try await StartupChecks.refuseSecondDaemon(busAddress: loaded.settings.busAddress)
            try StartupChecks.refuseBusyPort(host: loaded.settings.display.host, port: loaded.settings.display.port,
                                             configFile: loaded.file.path)
        } catch {
            logger.critical("carehubd cannot start: \(error.description)")
            try? systemd.notifier?.send("STATUS=cannot start: \(error.description)")
            throw ExitCode(1)
        }
        var settings = loaded.settings
        if let forwarding = loaded.forwarding {
            do {
                settings.pipeline.hub = try HubIdentity.current()
            } catch {
                logger.critical("carehubd cannot start: \(error.description)")
                try? systemd.notifier?.send("STATUS=cannot start: \(error.description)")
                throw ExitCode(1)
            }
            settings.pipeline.forwarding = true
            settings.forwarding = forwarding.configuration
            settings.clinicPollInterval = TimeInterval(forwarding.pollInterval)
            settings.heartbeatInterval = TimeInterval(forwarding.heartbeatInterval)
        }
        let running = RunningConfig(loaded)
        let service = SystemdService(
            notifier: systemd.notifier, watchdog: systemd.watchdog, hangups: await UnixSignalsSequence(trapping: .sighup),
            logger: logger,
            statusText: { control in
                await HubStatusLine.current(control, forwarding: loaded.forwarding != nil, timeZone: loaded.settings.pipeline.timeZone)
            },
            reload: { [self] in self.reload(running, levels: levels, logger: logger) })
        let daemon = GatewayDaemon(settings: settings, databaseAccess: loaded.databaseAccess, logger: logger,
                                   onReady: { service.ready($0) })
        // The systemd service comes last: a graceful shutdown reaches it first (STOPPING=1).
        let group = ServiceGroup(configuration: .init(
            services: [daemon, service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            let words = (error as? GatewayDaemonError)?.description ?? "\(error)"
            logger.critical("carehubd stopped: \(words)")
            try? systemd.notifier?.send("STATUS=stopped: \(words)")
            throw ExitCode(1)
        }
    }

    /// SIGHUP: re-reads the config file. `log_level` applies at once; other changed keys are named
    /// as needing a restart; a bad file is refused and the running settings kept.
    func reload(_ running: RunningConfig, levels: LogLevelControl, logger: Logger) {
        let fresh: DaemonConfig
        do {
            fresh = try DaemonConfig(try ConfigFile.loadOrDefault(path: config))
        } catch {
            logger.error("reload refused, the running settings stay: \(error)")
            return
        }
        let changed = fresh.file.config.changedKeys(from: running.current.file.config)
        levels.level = fresh.logLevel
        let needRestart = changed.filter { $0 != "log_level" }
        if needRestart.isEmpty {
            logger.notice("config reloaded", metadata: ["log_level": "\(fresh.logLevel.rawValue)"])
        } else {
            logger.warning("config reloaded; log_level applied, these take effect after a restart (systemctl restart carehubd): \(needRestart.joined(separator: ", "))")
        }
        running.current = fresh
    }

    /// NOTIFY_SOCKET and WATCHDOG_USEC, read once and removed from the environment (children of
    /// carehubd must not notify in its name).
    static func systemdFromEnvironment() -> (notifier: SdNotify?, watchdog: Watchdog?, problem: String?) {
        let watchdog = Watchdog.fromEnvironment()
        do {
            return (try SdNotify.fromEnvironment(), watchdog, nil)
        } catch {
            return (nil, nil, error.description)
        }
    }
}

/// The config the daemon runs with, replaced by a successful SIGHUP reload.
final class RunningConfig: @unchecked Sendable {
    private let lock = NSLock()
    private var value: DaemonConfig

    init(_ value: DaemonConfig) {
        self.value = value
    }

    var current: DaemonConfig {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
