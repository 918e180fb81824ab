/// A fault the simulator can inject, from a scenario's `faults` list or the control interface.
public struct FaultSpec: Sendable, Equatable {
    /// Every fault kind, with its help text (shown by `bluez-sim --help`).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case connectAbortByLocal = "connect-abort-by-local"
        case connectTimeout = "connect-timeout"
        case connectFailed = "connect-failed"
        case connectInProgress = "connect-in-progress"
        case bondLost = "bond-lost"
        case servicesDelay = "services-delay"
        case pairRejected = "pair-rejected"
        case attError = "att-error"
        case disconnect
        case restart
        case crash
        case adapterRemove = "adapter-remove"
        case adapterRestore = "adapter-restore"
        case controllerStuck = "controller-stuck"
        case firmwareUpdate = "firmware-update"

        public var help: String {
            switch self {
            case .connectAbortByLocal:
                "device, count: next Connect() flaps Connected true→false and fails org.bluez.Error.Failed \"le-connection-abort-by-local\""
            case .connectTimeout:
                "device, count: next Connect() fails org.bluez.Error.Failed \"le-connection-timeout\" after settings.connectTimeoutMs"
            case .connectFailed:
                "device, count, message: next Connect() fails org.bluez.Error.Failed with message (any le-connection-* string)"
            case .connectInProgress:
                "device, count: next Connect()/Pair() fail org.bluez.Error.InProgress \"In Progress\" (stale pending connect)"
            case .bondLost:
                "device: the peripheral forgets its bond; Connect() of the paired device fails \"le-connection-key-missing\", Pair() says AlreadyExists until RemoveDevice"
            case .servicesDelay:
                "device, delayMs, count: services stay unresolved delayMs longer on the next connections"
            case .pairRejected:
                "device, count: the peer refuses pairing → org.bluez.Error.AuthenticationRejected"
            case .attError:
                "device, characteristic, code, count: next Read/WriteValue/StartNotify on it fails with the BlueZ mapping of ATT error code"
            case .disconnect:
                "device, reason (remote|timeout|local): the link drops now (or atMs)"
            case .restart:
                "clean bluetoothd restart: InterfacesRemoved, Agent1.Release, name released, state dropped, name reclaimed after settings.restartDowntimeMs"
            case .crash:
                "bluetoothd crash: name lost without InterfacesRemoved, pending calls get NoReply, name reclaimed after settings.restartDowntimeMs"
            case .adapterRemove:
                "adapter, returnAfterMs, returnAs: InterfacesRemoved of the adapter and all children; returns (as returnAs) after returnAfterMs if given"
            case .adapterRestore:
                "adapter, returnAs: a removed adapter comes back (Powered false→true, stored devices re-added)"
            case .firmwareUpdate:
                "device, serviceChanged (default true), atMs: the peripheral reboots into firmware with a new service 0xFFF8 after GATT (later handles and paths move); with Service Changed the next service discovery sends InterfacesRemoved + InterfacesAdded, without it the stale objects stay (bluez/bluez#191)"
            case .controllerStuck:
                "adapter: the scan silently stops delivering adverts; StartDiscovery answers InProgress and StopDiscovery Failed until the adapter is power-cycled (Powered false→true)"
            }
        }
    }

    public var kind: Kind
    public var device: BluetoothAddress?
    public var adapter: String?
    public var count = 1
    /// Scenario time at which timed faults (disconnect, restart, crash, adapter-*) fire; nil = now.
    public var atMs: Int?
    public var delayMs: Int?
    public var message: String?
    public var characteristic: BluetoothUUID?
    public var code: UInt8?
    public var reason: String?
    public var returnAfterMs: Int?
    public var returnAs: String?
    /// firmware-update: the peripheral indicates Service Changed (false: bluetoothd keeps stale objects).
    public var serviceChanged = true

    public init(kind: Kind) { self.kind = kind }

    /// Kinds that act on the daemon/adapter at a time, rather than arming the next operation.
    public var isTimed: Bool {
        switch kind {
        case .disconnect, .restart, .crash, .adapterRemove, .adapterRestore, .controllerStuck, .firmwareUpdate: true
        default: false
        }
    }
}
