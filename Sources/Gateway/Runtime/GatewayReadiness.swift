import ControlAPI

/// What `GatewayDaemon` hands its `onReady` callback once the store is open, BlueZ is attached,
/// the control API is served and the display page listens: enough for `carehubd` to report status
/// and feed the watchdog.
public struct GatewayReadiness: Sendable {
    /// The hub's status and devices (the same answers as `carehub status`), for `STATUS=` lines.
    public var control: any GatewayControl
    /// The reading path's liveness check, for `WATCHDOG=1`.
    public var liveness: LivenessProbe

    /// Creates the readiness report.
    public init(control: any GatewayControl, liveness: LivenessProbe) {
        self.control = control
        self.liveness = liveness
    }
}
