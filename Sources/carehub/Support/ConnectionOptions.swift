import ArgumentParser
import Foundation
import HubConfig

/// Options every command that talks to the hub shares. The database path and the bus address come
/// from carehubd's own config file, so the CLI finds what the daemon uses.
struct ConnectionOptions: ParsableArguments {
    /// Where carehubd keeps its database when its config does not say.
    static let defaultDatabase = HubConfig().database

    @Option(
        name: .long,
        help: ArgumentHelp(
            "carehubd's config file, read for its database and bus_address. Default: \(ConfigFile.defaultPath) if it exists.",
            valueName: "file"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The hub's database, used when carehubd is not running (direct mode); never created. Default: $CAREHUB_DATABASE, else the config file's database, else \(defaultDatabase).",
            valueName: "path"))
    var database: String?

    /// A bad config file is one line and exit status 78 (as carehubd); a relative database path is
    /// a usage error.
    func validate() throws {
        do {
            _ = try ConfigFile.loadOrDefault(path: config)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(78)
        }
        guard databasePath.hasPrefix("/") else {
            throw ValidationError("the database must be an absolute path (got \(databasePath)), as carehubd requires")
        }
    }

    /// The config file's settings (the defaults when there is none; `validate()` refused a bad one).
    var hubConfig: HubConfig { (try? ConfigFile.loadOrDefault(path: config))?.config ?? HubConfig() }

    /// The database path: --database, else $CAREHUB_DATABASE, else the config file's, else the default.
    var databasePath: String {
        if let database { return database }
        if let variable = environment("CAREHUB_DATABASE"), !variable.isEmpty { return variable }
        return hubConfig.database
    }

    /// The config file's `bus_address`; nil: DBUS_SYSTEM_BUS_ADDRESS, else the system bus.
    var busAddress: String? { hubConfig.busAddress }
}
