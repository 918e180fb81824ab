import ArgumentParser
import MonitoringStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or update the database schema (safe to run again; several instances may run it at once).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try await database.open(logger: quietLogger("carehub-store.migrate"), requireCurrentSchema: false)
        do {
            let (from, to) = try await store.migrate()
            await store.shutdown()
            print(from == to ? "schema is at version \(to)" : "schema migrated from version \(from) to \(to)")
        } catch {
            await store.shutdown()
            throw StoreCommandError("migration failed: \(error)")
        }
    }
}
