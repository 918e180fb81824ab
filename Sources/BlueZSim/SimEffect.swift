/// Identifies a method call whose reply comes later as a `SimEffect.reply`.
public typealias CallID = UInt64

/// Names of the interfaces the simulator exports.
public enum BlueZInterface {
    public static let agentManager = "org.bluez.AgentManager1"
    public static let profileManager = "org.bluez.ProfileManager1"
    public static let adapter = "org.bluez.Adapter1"
    public static let device = "org.bluez.Device1"
    public static let service = "org.bluez.GattService1"
    public static let characteristic = "org.bluez.GattCharacteristic1"
    public static let descriptor = "org.bluez.GattDescriptor1"
    public static let agent = "org.bluez.Agent1"
    public static let gattManager = "org.bluez.GattManager1"
}

/// Something the simulated daemon does on the bus; the D-Bus façade performs effects in order.
public enum SimEffect: Sendable, Equatable {
    /// bluetoothd (re)started: request `org.bluez` (a fresh process: new connection, new unique name).
    case daemonStarted
    /// bluetoothd stopped (`crash`: without InterfacesRemoved; either way the name goes).
    case daemonStopped(crash: Bool)
    case interfacesAdded(path: String, interfaces: [String: [String: SimValue]])
    case interfacesRemoved(path: String, interfaces: [String])
    case propertiesChanged(path: String, interface: String, changed: [String: SimValue], invalidated: [String])
    case signal(path: String, interface: String, member: String, arguments: [SimValue])
    case reply(CallID, SimResult)
    /// A call bluetoothd makes on a client's Agent1; answer with `agentReplied(id:result:)` if `expectsReply`.
    case agentCall(AgentCall)
    /// AcquireNotify succeeded: the façade creates a SOCK_SEQPACKET pair for `characteristic` and puts the
    /// client's end first in the reply to `call` (which carries the MTU).
    case notifyAcquired(call: CallID, characteristic: String)
    /// A notification for an acquired characteristic: one datagram on its socket (no PropertiesChanged).
    case notifyDatagram(characteristic: String, bytes: [UInt8])
    /// The acquired socket closes (link loss, release): the client reads EOF/HUP.
    case notifyReleased(characteristic: String)
    /// AcquireWrite: the façade makes a SOCK_SEQPACKET pair, puts one end in the reply of `call` and
    /// hands every datagram read from the other to `acquiredWriteReceived`.
    case writeAcquired(call: CallID, characteristic: String)
    /// Close our end of an acquired write socket (the client sees HUP).
    case writeReleased(characteristic: String)
    /// GattManager1.RegisterApplication: the façade reads `owner`'s ObjectManager at `path` and hands the
    /// objects (nil if the call failed) to `applicationRead(call:objects:)`.
    case readApplication(call: CallID, owner: String, path: String)
    /// An indication/notification was just emitted (the `propertiesChanged` before it); `load` marks load-run sends.
    case indicationSent(address: BluetoothAddress, characteristic: String, sequence: Int, load: Bool)
}

/// The outcome of a call: return values or a D-Bus error.
public enum SimResult: Sendable, Equatable {
    case success([SimValue])
    case failure(SimError)
}

/// A method call bluetoothd makes on an agent.
public struct AgentCall: Sendable, Equatable {
    public let id: UInt64
    /// Unique bus name of the client that registered the agent.
    public let owner: String
    public let path: String
    /// `RequestPasskey`, `DisplayPasskey`, `RequestConfirmation`, `RequestAuthorization`, `Cancel`, `Release`.
    public let method: String
    public let arguments: [SimValue]
    public let expectsReply: Bool
}

/// A method call into the simulated daemon (after the façade has type-checked the D-Bus arguments).
public enum SimRequest: Sendable, Equatable {
    case startDiscovery, stopDiscovery, getDiscoveryFilters
    case setDiscoveryFilter([String: SimValue])
    case removeDevice(String)
    /// Adapter1.ConnectDevice (experimental, bluetoothd -E).
    case connectDevice([String: SimValue])
    case registerApplication(path: String, options: [String: SimValue])
    case unregisterApplication(String)
    case connect, disconnect, pair, cancelPairing
    case connectProfile(String), disconnectProfile(String)
    case readValue([String: SimValue])
    case writeValue([UInt8], [String: SimValue])
    case startNotify, stopNotify
    case acquireNotify([String: SimValue]), acquireWrite([String: SimValue])
    case registerAgent(path: String, capability: String)
    case unregisterAgent(String)
    case requestDefaultAgent(String)
    case registerProfile(path: String, uuid: String, options: [String: SimValue])
    case unregisterProfile(String)
    case setProperty(interface: String, name: String, value: SimValue)

    /// The interface and member this request is, for error texts.
    public var member: (interface: String, method: String, signature: String) {
        switch self {
        case .startDiscovery: (BlueZInterface.adapter, "StartDiscovery", "")
        case .stopDiscovery: (BlueZInterface.adapter, "StopDiscovery", "")
        case .getDiscoveryFilters: (BlueZInterface.adapter, "GetDiscoveryFilters", "")
        case .setDiscoveryFilter: (BlueZInterface.adapter, "SetDiscoveryFilter", "a{sv}")
        case .removeDevice: (BlueZInterface.adapter, "RemoveDevice", "o")
        case .connectDevice: (BlueZInterface.adapter, "ConnectDevice", "a{sv}")
        case .registerApplication: (BlueZInterface.gattManager, "RegisterApplication", "oa{sv}")
        case .unregisterApplication: (BlueZInterface.gattManager, "UnregisterApplication", "o")
        case .connect: (BlueZInterface.device, "Connect", "")
        case .disconnect: (BlueZInterface.device, "Disconnect", "")
        case .pair: (BlueZInterface.device, "Pair", "")
        case .cancelPairing: (BlueZInterface.device, "CancelPairing", "")
        case .connectProfile: (BlueZInterface.device, "ConnectProfile", "s")
        case .disconnectProfile: (BlueZInterface.device, "DisconnectProfile", "s")
        case .readValue: (BlueZInterface.characteristic, "ReadValue", "a{sv}")
        case .writeValue: (BlueZInterface.characteristic, "WriteValue", "aya{sv}")
        case .startNotify: (BlueZInterface.characteristic, "StartNotify", "")
        case .stopNotify: (BlueZInterface.characteristic, "StopNotify", "")
        case .acquireNotify: (BlueZInterface.characteristic, "AcquireNotify", "a{sv}")
        case .acquireWrite: (BlueZInterface.characteristic, "AcquireWrite", "a{sv}")
        case .registerAgent: (BlueZInterface.agentManager, "RegisterAgent", "os")
        case .unregisterAgent: (BlueZInterface.agentManager, "UnregisterAgent", "o")
        case .requestDefaultAgent: (BlueZInterface.agentManager, "RequestDefaultAgent", "o")
        case .registerProfile: (BlueZInterface.profileManager, "RegisterProfile", "osa{sv}")
        case .unregisterProfile: (BlueZInterface.profileManager, "UnregisterProfile", "o")
        case .setProperty(let interface, _, _): (interface, "Set", "ssv")
        }
    }
}
