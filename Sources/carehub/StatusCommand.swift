import ArgumentParser
import ControlAPI
import HealthProfiles

/// `carehub status`: the hub at a glance, without personal data.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the hub's state: daemon, Bluetooth, devices, readings waiting to be sent.",
        discussion: """
        --json prints one JSON object: version, mode (daemon | direct),
        bluez_running, adapter, paired_devices, assigned_devices,
        outbox_pending, last_reading_at.
        """
    )

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let console = Console()
        let (status, mode) = try await CommandRunner.perform(console, connection) { session throws(ControlError) in
            (try await session.control.status(), session.mode)
        }
        if json {
            console.line(ControlFormat.json(status, mode: mode).rendered())
        } else {
            for line in ControlFormat.statusLines(status, mode: mode) { console.line(line) }
        }
    }
}
