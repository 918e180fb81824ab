import ArgumentParser
import ControlAPI

/// `carehub forget ADDRESS`: removes a device from the hub.
struct ForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Forget a device: revoke its assignments and remove its pairing.",
        discussion: """
        The hub stops taking the device's readings, ends its connection and
        removes the pairing keys from Bluetooth. Readings already stored stay.
        To use the device again, pair and assign it again. Asks for confirmation
        unless --yes is given.
        """
    )

    @Argument(help: "The device's Bluetooth address.", transform: ArgumentParsing.address)
    var address: String

    @Flag(name: [.short, .long], help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let console = Console()
        let (address, yes) = (self.address, self.yes)
        let outcome = try await CommandRunner.perform(console, connection) { session throws(ControlError) -> ForgetOutcome in
            let device = try await session.control.devices().first { $0.address == address }
            if !yes, let device {
                let assigned = device.assignments.isEmpty ? "It is not assigned." : "The patient's readings from it stop."
                let question = "Forget \(address) (\(ControlFormat.describe(device)))? \(assigned)"
                guard await Prompter(console: console).confirm(question) == true else { return .kept }
            }
            try await session.control.forget(address: address, technician: ArgumentParsing.technician())
            return .forgotten(assignments: device?.assignments.count ?? 0)
        }
        switch outcome {
        case .kept:
            console.line(console.terminal.isInteractive ? "Nothing changed." : "Nothing changed (give --yes to forget without a question).")
            throw ExitCode.failure
        case let .forgotten(count):
            let revoked = count == 0 ? "" : " \(count) assignment\(count == 1 ? "" : "s") revoked,"
            console.line("Forgot \(address):\(revoked) pairing removed. Its stored readings stay on the hub.")
        }
    }

    enum ForgetOutcome: Sendable {
        case kept
        case forgotten(assignments: Int)
    }
}
