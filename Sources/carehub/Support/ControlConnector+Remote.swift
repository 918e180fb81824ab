import DBus
import Gateway

extension ControlConnector {
    /// carehubd's control API on `bus`, if the daemon is running.
    static func remoteControl(on bus: DBusConnection) async -> (any GatewayControl)? {
        // Wired in when RemoteGatewayControl lands on main.
        nil
    }
}
