import ControlAPI

/// Whether the CLI talks to a running carehubd or does the work itself.
enum ControlMode: Sendable, Equatable {
    /// carehubd owns org.carehub.Gateway: every operation goes through its control API.
    case daemon
    /// No daemon: the CLI talks to BlueZ and opens the database itself.
    case direct
}

/// An open connection to the hub's control operations; `close()` releases the bus and database.
final class ControlSession: Sendable {
    let control: any GatewayControl
    let mode: ControlMode
    private let closer: @Sendable () async -> Void

    init(control: any GatewayControl, mode: ControlMode, close: @escaping @Sendable () async -> Void) {
        self.control = control
        self.mode = mode
        self.closer = close
    }

    func close() async {
        await closer()
    }
}
