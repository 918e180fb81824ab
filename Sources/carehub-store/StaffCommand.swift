import ArgumentParser
import MonitoringStore

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staff", abstract: "Manage staff accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff account (or set its password and role); the password is read from stdin's first line.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "User name.") var username: String
        @Option(help: "nurse or admin.") var role: String

        func validate() throws {
            try validateID(username, "user name")
            guard StaffRole(rawValue: role) != nil else { throw ValidationError("--role must be nurse or admin, not \(role)") }
        }

        func run() async throws {
            guard let password = readLine(strippingNewline: true), password.count >= 10 else {
                throw StoreCommandError("give a password of at least 10 characters on stdin")
            }
            let hash = StaffPassword.hash(password)
            let store = try await database.open(logger: quietLogger("carehub-store.staff"))
            do {
                try await store.addStaff(username: username, passwordHash: hash, role: StaffRole(rawValue: role) ?? .nurse)
            } catch {
                await store.shutdown()
                throw StoreCommandError("staff \(username) was not added: \(String(describing: error).prefix(200))")
            }
            await store.shutdown()
            print("staff \(username) (\(role)) saved")
        }
    }
}
