import ArgumentParser
import MonitoringStore

struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hub", abstract: "Register hubs.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a hub and the patients it serves; prints its token once (only its SHA-256 is kept).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The hub's id.") var hubID: String
        @Option(name: .customLong("patient"), help: "A patient the hub serves (repeat for several).") var patients: [String] = []

        func validate() throws {
            try validateID(hubID, "hub id")
            guard !patients.isEmpty else { throw ValidationError("give at least one --patient") }
            for patient in patients { try validateID(patient, "patient id") }
        }

        func run() async throws {
            let store = try await database.open(logger: quietLogger("carehub-store.hub"))
            let token = HubToken.generate()
            do {
                try await store.addHub(id: hubID, tokenSHA256: HubToken.sha256Hex(token), patients: patients)
            } catch {
                await store.shutdown()
                throw StoreCommandError("hub \(hubID) was not added (is the id taken?): \(String(describing: error).prefix(200))")
            }
            await store.shutdown()
            print(token)
        }
    }
}
