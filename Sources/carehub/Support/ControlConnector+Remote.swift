import ControlAPI
import DBus

extension ControlConnector {
    /// carehubd's control API on `bus`, if the daemon owns org.carehub.Gateway.
    static func remoteControl(on bus: DBusConnection) async -> (any GatewayControl)? {
        await RemoteGatewayControl.ifRunning(on: bus)
    }
}
