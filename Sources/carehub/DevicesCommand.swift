import ArgumentParser
import ControlAPI
import HealthProfiles

/// `carehub devices`: the paired devices and who they are assigned to.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List the devices paired with this hub, their assignments and state.",
        discussion: """
        Columns: address, kind (cuff, scale, other), model, patient id (and user
        number on a multi-user scale), the connection state, battery level and
        the newest reading's time (the hub's local time).

        --json prints one JSON array for scripts; each object has the keys of
        the control API (docs/CONTROL-API.md): address, kind, model,
        manufacturer, serial, firmware, paired_at, paired_by, assignments
        [{patient, user_index, assigned_at, assigned_by}], state, battery,
        last_reading_at (times in UTC, ISO 8601). Unknown values are left out.
        """
    )

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let console = Console()
        let devices = try await CommandRunner.perform(console, connection) { session throws(ControlError) in
            try await session.control.devices()
        }
        if json {
            console.line(JSONValue.array(devices.map(ControlFormat.json)).rendered())
        } else if devices.isEmpty {
            console.line("No devices are paired with this hub. Pair one with `carehub pair ADDRESS`.")
        } else {
            for line in ControlFormat.deviceTable(devices) { console.line(line) }
        }
    }
}
