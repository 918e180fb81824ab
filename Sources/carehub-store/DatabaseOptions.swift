import ArgumentParser
import Logging
import MonitoringStore

/// `--database`, taken by every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "sqlite:PATH (one file) or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.")
    var database: String

    func location() throws -> DatabaseLocation {
        guard let location = DatabaseLocation(argument: database) else {
            throw ValidationError("--database must be sqlite:PATH or postgres://…, not \(database)")
        }
        return location
    }

    /// The store, its schema checked to be current (`migrate` is the one command that creates it).
    func open(logger: Logger, requireCurrentSchema: Bool = true) async throws -> SQLMonitoringStore {
        let store = try SQLMonitoringStore(location: try location(), logger: logger)
        if requireCurrentSchema {
            let current: Bool
            do { current = try await store.schemaIsCurrent() } catch {
                await store.shutdown()
                throw StoreCommandError("cannot open \(try location()): \(error)")
            }
            guard current else {
                await store.shutdown()
                throw StoreCommandError("the database's schema is missing or older than this carehub-store: run `carehub-store migrate --database …` first")
            }
        }
        return store
    }
}

/// A refusal of a command: the message on stderr, exit status 1.
struct StoreCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Ids of hubs, patients, groups and staff: letters, digits, `.`, `_`, `-` (they go into URLs and FHIR ids).
func validateID(_ value: String, _ what: String) throws {
    let allowed = value.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-".unicodeScalars.contains($0) }
    guard !value.isEmpty, value.count <= 64, allowed else {
        throw ValidationError("\(what) \"\(value)\" must be 1–64 letters, digits, '.', '_' or '-'")
    }
}

func quietLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    return logger
}
