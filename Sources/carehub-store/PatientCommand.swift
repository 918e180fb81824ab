import ArgumentParser
import MonitoringStore

struct PatientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patient", abstract: "Manage patients.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a patient (or add it to more groups); a group is a diagnosis or a clinic messages can be sent to.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The patient's logical id (as hubs send it).") var patientID: String
        @Option(name: .customLong("group"), help: "A group (repeat for several).") var groups: [String] = []

        func validate() throws {
            try validateID(patientID, "patient id")
            for group in groups { try validateID(group, "group") }
        }

        func run() async throws {
            let store = try await database.open(logger: quietLogger("carehub-store.patient"))
            do {
                try await store.addPatient(id: patientID, groups: groups)
            } catch {
                await store.shutdown()
                throw StoreCommandError("patient \(patientID) was not saved: \(String(describing: error).prefix(200))")
            }
            await store.shutdown()
            print("patient \(patientID) saved" + (groups.isEmpty ? "" : " in \(groups.joined(separator: ", "))"))
        }
    }
}
