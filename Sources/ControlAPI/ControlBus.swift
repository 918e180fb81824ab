import DBus

/// The names and timeouts of the control API on D-Bus (docs/CONTROL-API.md), shared by the daemon's
/// `GatewayControlObject` and the CLI's `RemoteGatewayControl`.
public enum ControlBus {
    /// The well-known name carehubd owns.
    public static let busName = "org.carehub.Gateway"
    /// The one object it serves.
    public static let path: ObjectPath = "/org/carehub/Gateway"
    /// The interface of that object.
    public static let interface = "org.carehub.Gateway1"
    /// Prefix of the error names of `interface` (`ControlError.dbusName` follows it).
    public static let errorPrefix = "org.carehub.Gateway1.Error."
    /// The interface a pairing client exports for passkeys and progress.
    public static let pairingClientInterface = "org.carehub.PairingClient1"
    /// The error a pairing client answers when the technician cancels a question.
    public static let pairingCanceledError = "org.carehub.PairingClient1.Error.Canceled"
    /// Where `RemoteGatewayControl` exports its pairing clients (one child per Pair call).
    public static let pairingClientRoot: ObjectPath = "/org/carehub/PairingClient"

    /// Client-side timeout of Pair (pairing itself takes up to about 90 s).
    public static let pairTimeout: Duration = .seconds(120)
    /// Client-side timeout of every call but Pair and WaitForReading.
    public static let callTimeout: Duration = .seconds(10)
    /// Extra time WaitForReading gets over its own timeout, so the daemon's TimedOut arrives first.
    public static let waitMargin: Duration = .seconds(10)
    /// How long the daemon waits for a technician's answer (passkey, confirmation).
    public static let questionTimeout: Duration = .seconds(70)
    /// How long the daemon waits for a client to take a passkey to show or a progress line.
    public static let noticeTimeout: Duration = .seconds(10)
    /// The range of WaitForReading's `timeout_seconds`.
    public static let waitRange: ClosedRange<UInt32> = 1...600
    /// The user slots a multi-user device can have (0xFF is the protocol's "unknown user").
    public static let userIndexRange: ClosedRange<Int> = 0...254
}
