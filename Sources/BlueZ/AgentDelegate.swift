import DBus

/// How an agent request is refused; sent to bluetoothd as `org.bluez.Error.Rejected` / `Canceled`.
public enum AgentRejection: Error, Sendable, Equatable {
    case rejected
    case canceled

    /// The D-Bus error name bluetoothd expects.
    public var dbusName: String {
        switch self {
        case .rejected: "org.bluez.Error.Rejected"
        case .canceled: "org.bluez.Error.Canceled"
        }
    }
}

/// The device an agent request is about.
public struct AgentDevice: Sendable, Hashable {
    public var path: ObjectPath
    /// Upper-case address, from the view or the path.
    public var address: String?
    /// Name or alias from the view, if known.
    public var name: String?

    public init(path: ObjectPath, address: String?, name: String?) {
        self.path = path
        self.address = address
        self.name = name
    }
}

/// What the pairing agent asks the hub (the daemon forwards these to the technician's CLI).
/// bluetoothd waits 60 s for each answer. Throwing refuses the request.
public protocol AgentDelegate: Sendable {
    /// LE Passkey Entry where the hub types: return the 6 digits the device shows (0...999999).
    func requestPasskey(device: AgentDevice) async throws(AgentRejection) -> UInt32
    /// The device types this passkey; called again as digits are entered.
    func displayPasskey(device: AgentDevice, passkey: UInt32, entered: UInt16) async
    /// Numeric comparison: return to accept, throw to refuse.
    func requestConfirmation(device: AgentDevice, passkey: UInt32) async throws(AgentRejection)
    /// Legacy BR/EDR PIN (not used by LE cuffs and scales). Default: rejected.
    func requestPinCode(device: AgentDevice) async throws(AgentRejection) -> String
    /// Legacy BR/EDR PIN display. Default: accepted, nothing shown.
    func displayPinCode(device: AgentDevice, pinCode: String) async throws(AgentRejection)
    /// Just-Works pairing the hub did not start (peer security request). Default: rejected, so
    /// that only pairings a technician starts succeed.
    func requestAuthorization(device: AgentDevice) async throws(AgentRejection)
    /// Incoming profile connection (BR/EDR). Default: rejected.
    func authorizeService(device: AgentDevice, uuid: String) async throws(AgentRejection)
    /// bluetoothd aborted the pending request (timeout, remote cancel).
    func cancel() async
    /// bluetoothd dropped the agent (unregistered, shutting down).
    func release() async
}

extension AgentDelegate {
    public func displayPasskey(device: AgentDevice, passkey: UInt32, entered: UInt16) async {}
    public func requestPinCode(device: AgentDevice) async throws(AgentRejection) -> String { throw .rejected }
    public func displayPinCode(device: AgentDevice, pinCode: String) async throws(AgentRejection) {}
    public func requestAuthorization(device: AgentDevice) async throws(AgentRejection) { throw .rejected }
    public func authorizeService(device: AgentDevice, uuid: String) async throws(AgentRejection) { throw .rejected }
    public func cancel() async {}
    public func release() async {}
}
