// Internal state of the simulation: bluetoothd's view (adapters, devices) and the peripherals' own.

struct Timer {
    let deadline: Duration
    let sequence: UInt64
    let event: TimerEvent
}

enum TimerEvent {
    case windowOpen(BluetoothAddress), windowClose(BluetoothAddress), temporaryCheck(BluetoothAddress), advertTick(BluetoothAddress)
    case scanStarted(String)
    case connectComplete(BluetoothAddress, link: UInt64), connectTimeout(BluetoothAddress, link: UInt64)
    case servicesResolved(BluetoothAddress, link: UInt64), pairComplete(BluetoothAddress, link: UInt64)
    case agentTimeout(UInt64)
    case indicate(BluetoothAddress, link: UInt64), burstDisconnect(BluetoothAddress, link: UInt64)
    case loadTick(BluetoothAddress, link: UInt64)
    case fault(FaultSpec)
    case daemonUp
    case adapterPowerOn(String)
    case adapterReturn(String, name: String?)
}

/// A client's discovery filter (SetDiscoveryFilter).
struct DiscoveryFilter: Equatable {
    var uuids: [BluetoothUUID] = []
    var rssi: Int16?
    var pathloss: UInt16?
    var transport = "auto"
    var duplicateData = false
    var discoverable = false
    var pattern = ""
}

struct AdapterState {
    let spec: AdapterSpec
    /// Scenario id (the spec name); `name` is the current `hciN`, which may change after a removal.
    var id: String { spec.name }
    var name: String
    var present = true
    var powered: Bool
    var alias: String
    var discoverable = false
    var discoverableTimeout: UInt32 = 180
    var pairable = true
    var pairableTimeout: UInt32 = 0
    var connectable = true
    var discovering = false
    /// Unique names holding a discovery session, in start order.
    var sessions: [String] = []
    var filters: [String: DiscoveryFilter] = [:]
    var pendingStarts: [(sender: String, call: CallID)] = []
    /// Stuck controller: no adverts, discovery calls refused until a power cycle.
    var stuck = false

    init(spec: AdapterSpec) {
        self.spec = spec
        name = spec.name
        powered = spec.powered
        alias = spec.alias
    }

    var path: String { "/org/bluez/\(name)" }
}

struct PeripheralState {
    let spec: PeripheralSpec
    /// The GATT database; a firmware update replaces it.
    var layout: GattLayout
    var readings: [ResolvedReading]
    /// Extra advertising windows opened at run time: (start, end).
    var extraWindows: [(start: Duration, end: Duration?)] = []
    /// The peripheral holds a bond with us.
    var hasBond = false
    /// Powered off after a burst+disconnect until the next window opens.
    var silenced = false
    /// Alternates 0 / -1 dBm so periodic adverts show up as RSSI changes, as real radio noise does.
    var rssiJitter: Int16 = 0
    var advertTickPending = false
    var cccd: [UInt16: UInt16] = [:]
    var values: [UInt16: [UInt8]] = [:]
    var timeWritten = false
    var burstActive = false
    var burstCursor = 0
    var burstDone = false
    var load: (remaining: Int, sequence: Int, interval: Duration, payload: ResolvedReading)?

    init(spec: PeripheralSpec, readings: [ResolvedReading]) {
        self.spec = spec
        layout = GattLayout.model(spec.model, commandService: spec.commandService)
        self.readings = readings
        values = PeripheralState.initialValues(spec, layout)
    }
}

struct PairState {
    enum Stage: Equatable { case connecting, smp, awaitingAgent(UInt64), awaitingServices }
    let call: CallID
    let sender: String
    var stage: Stage
    /// Implicit pairing started by StartNotify on a security-gated CCCD (handle of the characteristic).
    var implicitNotify: UInt16? = nil
}

struct AgentRequestState {
    let address: BluetoothAddress
    let method: String
    let owner: String
    let path: String
}

struct DeviceState {
    let address: BluetoothAddress
    var adapterID: String
    var temporary = true
    var paired = false
    var bonded = false
    var trusted = false
    var blocked = false
    var alias: String?
    var connected = false
    var servicesResolved = false
    var gattExported = false
    /// Incremented on every link change; timers of an older link are ignored.
    var link: UInt64 = 0
    var pendingConnect: CallID?
    var pendingPair: PairState?
    /// Connect must time out regardless of adverts (connect-timeout fault).
    var connectMustTimeout = false
    var notifySessions: [UInt16: [String]] = [:]
    /// AcquireNotify owners by characteristic handle.
    var acquired: [UInt16: String] = [:]
    var lastSeen: Duration = .zero
    var servicesExtraDelayMs = 0
    var temporaryCheckPending = false
    /// The peer's identity address is known (pairing resolved its private address).
    var identityResolved = false
    /// The pending connect came from Adapter1.ConnectDevice: its reply carries the device path.
    var connectRepliesPath = false
    /// The peer's database changed (firmware update) and it will send Service Changed: the cached
    /// objects are replaced at the next service discovery.
    var gattRefreshPending = false
    /// AcquireWrite owners by characteristic handle.
    var writeAcquired: [UInt16: String] = [:]
}
