import DBus
import Gateway

/// Chooses how to reach the hub: through carehubd's control API when the daemon owns
/// org.carehub.Gateway on the system bus (or DBUS_SYSTEM_BUS_ADDRESS), else in-process (direct mode:
/// BlueZ and the database opened by the CLI itself).
enum ControlConnector {
    static func connect(_ options: ConnectionOptions) async throws(ControlError) -> ControlSession {
        let bus: DBusConnection
        do {
            bus = try await DBusConnection.system()
        } catch {
            throw .bluetoothUnavailable("cannot connect to the system D-Bus (\(error))")
        }
        // Wired in when RemoteGatewayControl/LocalGatewayControl land on main.
        bus.close()
        throw .daemonUnavailable("this build of carehub cannot reach the hub yet")
    }

    /// The addresses assigned to a patient on this hub, for `scan`; nil when they cannot be read.
    static func assignedAddresses(_ options: ConnectionOptions) async -> Set<String>? {
        guard let session = try? await connect(options) else { return nil }
        defer { Task { await session.close() } }
        guard let devices = try? await session.control.devices() else { return nil }
        return Set(devices.filter { !$0.assignments.isEmpty }.map(\.address))
    }
}
