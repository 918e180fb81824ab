import ArgumentParser
import GatewayStore

/// Options every command that talks to the hub shares.
struct ConnectionOptions: ParsableArguments {
    /// Where carehubd keeps its database; the CLI opens it itself only in direct mode.
    static let defaultDatabase = HubStore.defaultPath

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The hub's database, used when carehubd is not running (direct mode). Default: $CAREHUB_DATABASE, else \(defaultDatabase).",
            valueName: "path"))
    var database: String?

    /// The database path: --database, else $CAREHUB_DATABASE, else the default.
    var databasePath: String {
        if let database { return database }
        if let variable = environment("CAREHUB_DATABASE"), !variable.isEmpty { return variable }
        return Self.defaultDatabase
    }
}
