import ArgumentParser
import ControlAPI

/// `carehub test ADDRESS`: waits for one measurement and shows it decoded.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Wait for one measurement from a paired device and show it decoded.",
        discussion: """
        Take a measurement when asked. For an assigned device the reading goes
        through the hub as usual (stored and assessed, and forwarded to the
        clinic when carehubd has a forwarding section) and its colour and text
        are shown; an unassigned device is connected for this test only and
        nothing is stored.

        --json prints the measurement as `carehub decode` does (one JSON
        object); the instructions then go to stderr.

        EXIT STATUS
          0    a measurement arrived
          1    none within the timeout, or the device is not paired (stderr says why)
          64   usage error
          130  cancelled with Ctrl-C
        """
    )

    @Argument(help: "The device's Bluetooth address.", transform: ArgumentParsing.address)
    var address: String

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for the measurement (1–600, default 120).", valueName: "seconds"),
            transform: { try ArgumentParsing.seconds($0, in: 1...600) })
    var timeout: Int = 120

    @Flag(name: .long, help: "Print the measurement as JSON.")
    var json = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let console = Console()
        let (address, timeout, json) = (self.address, self.timeout, self.json)
        let reading = try await CommandRunner.perform(console, connection, need: .sessions) { session throws(ControlError) in
            // Say "take a measurement" only for a device that can send one.
            guard try await session.control.devices().contains(where: { $0.address == address }) else {
                throw .notPaired(address: address)
            }
            let say: (String) -> Void = json ? { writeStandardError($0 + "\n") } : { console.line($0) }
            say("Waiting up to \(timeout) s for a measurement from \(address).")
            say("Take a measurement now.")
            console.spin("Waiting for the measurement…")
            return try await session.control.waitForReading(address: address, timeout: .seconds(timeout))
        }
        console.finishLive()
        if json {
            console.line(reading.measurementJSON)
        } else {
            for line in ControlFormat.readingLines(reading, terminal: console.terminal) { console.line(line) }
        }
    }
}
