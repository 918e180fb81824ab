import ArgumentParser
import ControlAPI

/// `carehub pair ADDRESS`: pairs a cuff or scale with this hub.
struct PairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pair",
        abstract: "Pair a cuff or scale with this hub.",
        discussion: """
        Put the device in pairing mode first (most cuffs: press and hold the
        Bluetooth button until P blinks; most scales: step on and off, or press
        the Bluetooth button). The hub looks for the device for up to 30 s,
        pairs with it and trusts it. A device that shows a passkey asks for it
        here:
          Enter the 6-digit passkey shown on the device:
        A wrong entry is asked again; Ctrl-C cancels the pairing.

        Pairing does not yet let the hub take readings: assign the device to the
        patient afterwards with `carehub assign ADDRESS --patient ID`.

        EXIT STATUS
          0    paired
          1    pairing failed (stderr says why and what to do)
          64   usage error
          130  cancelled with Ctrl-C
        """
    )

    @Argument(help: "The device's Bluetooth address, e.g. AA:BB:CC:DD:EE:01 (see `carehub scan`).",
              transform: ArgumentParsing.address)
    var address: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let console = Console()
        let address = self.address
        let delegate = TerminalPairingDelegate(console: console)
        let device = try await CommandRunner.perform(console, connection, need: .sessions) { session throws(ControlError) in
            if try await session.control.devices().contains(where: { $0.address == address }) {
                console.line("\(address) is already paired with this hub; pairing it again replaces its keys.")
            }
            console.line("Pairing \(address). Put the device in pairing mode now if it is not already.")
            console.spin("Working…")
            return try await session.control.pair(address: address, delegate: delegate, technician: ArgumentParsing.technician())
        }
        console.finishLive()
        console.line("Paired \(device.address): \(ControlFormat.describe(device)).")
        if device.assignments.isEmpty {
            console.line("Next: assign it to the patient with `carehub assign \(device.address) --patient ID`.")
        }
    }
}
