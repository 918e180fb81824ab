import ArgumentParser
import ControlAPI

/// `carehub assign ADDRESS --patient ID [--user N]`: lets the hub take a paired device's readings
/// for the patient.
struct AssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign a paired device (or one user of a multi-user scale) to the patient.",
        discussion: """
        The hub stores (and, when carehubd forwards, sends to the clinic)
        readings only from assigned devices. An
        earlier assignment of the same device (and user) is replaced. A device
        that is advertising is connected at once.

        --patient is the clinic's patient id (letters, digits, '-', '.', '_'),
        never a personal identity number. --user is the user number on a
        multi-user scale (as the scale numbers its users); leave it out for a
        cuff or a single-user scale.
        """
    )

    @Argument(help: "The device's Bluetooth address.", transform: ArgumentParsing.address)
    var address: String

    @Option(name: .long, help: ArgumentHelp("The clinic's patient id.", valueName: "id"), transform: ArgumentParsing.patient)
    var patient: String

    @Option(name: .long, help: ArgumentHelp("The user number on a multi-user scale (0–254).", valueName: "n"),
            transform: ArgumentParsing.userIndex)
    var user: Int?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let console = Console()
        let (address, patient, user) = (self.address, self.patient, self.user)
        let (before, device, mode) = try await CommandRunner.perform(console, connection) { session throws(ControlError) in
            let before = try await session.control.devices().first { $0.address == address }
            let device = try await session.control.assign(
                address: address, patient: patient, userIndex: user, technician: ArgumentParsing.technician())
            return (before, device, session.mode)
        }
        let slot = user.map { "User \($0) of \(device.address)" } ?? device.address
        console.line("Assigned \(slot) (\(ControlFormat.describe(device))) to patient \(patient).")
        if let earlier = before?.assignments.first(where: { $0.userIndex == user }), earlier.patient != patient {
            console.line("This replaces its assignment to patient \(earlier.patient).")
        }
        if mode == .daemon {
            console.line("The hub now stores its readings for this patient. Check with `carehub test \(device.address)`.")
        } else {
            console.line("carehubd is not running: its readings are stored once the daemon runs.")
        }
    }
}
