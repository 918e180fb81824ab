/// A simulator scenario: adapters, peripherals, timing knobs, faults and an optional load run.
/// The JSON format is documented in fixtures/scenarios/README.md and `bluez-sim --help`.
public struct Scenario: Sendable, Equatable {
    public var description: String
    public var settings: SimSettings
    public var adapters: [AdapterSpec]
    public var peripherals: [PeripheralSpec]
    public var faults: [FaultSpec]
    public var load: LoadSpec?

    public init(description: String = "", settings: SimSettings = SimSettings(), adapters: [AdapterSpec] = [AdapterSpec()],
                peripherals: [PeripheralSpec] = [], faults: [FaultSpec] = [], load: LoadSpec? = nil) {
        self.description = description
        self.settings = settings
        self.adapters = adapters
        self.peripherals = peripherals
        self.faults = faults
        self.load = load
    }
}

/// Daemon-wide timing and behaviour knobs (main.conf-like), all in milliseconds.
public struct SimSettings: Sendable, Equatable {
    /// Temporary devices disappear this long after their last advert (main.conf TemporaryTimeout).
    public var temporaryTimeoutMs = 30_000
    /// While scanning, each on-air peripheral is reported again this often (RSSI ±1 dBm), like a real radio.
    public var advertReportIntervalMs = 500
    /// Delay between StartDiscovery and "scan started" (reply + Discovering=true).
    public var scanStartDelayMs = 5
    /// LE connection setup time when the peripheral is advertising.
    public var connectDelayMs = 20
    /// How long Connect() keeps trying a silent peripheral before `le-connection-timeout`.
    public var connectTimeoutMs = 10_000
    /// First-connection GATT discovery time (InterfacesAdded + ServicesResolved after it).
    public var serviceDiscoveryDelayMs = 50
    /// Reconnection with a cached GATT DB.
    public var cachedServiceDiscoveryDelayMs = 10
    /// SMP exchange time after the agent answered.
    public var pairingDelayMs = 20
    /// Agent1 calls are abandoned (Cancel + AuthenticationFailed) after this (bluetoothd: 60 s).
    public var agentTimeoutMs = 60_000
    /// GATT cache mode: `always` keeps objects after disconnect, `no` removes them.
    public var cache: CacheMode = .always
    /// Emit Device1.Disconnected(reason, message) before Connected=false (BlueZ 5.83+).
    public var disconnectedSignal = true
    /// ATT MTU reported in `MTU` while connected.
    public var mtu = 247
    /// Emit ServicesResolved=true before the last service's InterfacesAdded (the bleak#1806 / bluez#1489 race).
    public var servicesResolvedEarly = false
    /// Time bluetoothd is gone during a restart fault.
    public var restartDowntimeMs = 200
    /// Merge property changes of one object made in one tick into one PropertiesChanged with the latest
    /// values, as gdbus may; characteristic `Value` stays one signal per notification.
    public var coalesceProperties = false
    /// bluetoothd -E: exports the experimental Adapter1.ConnectDevice (absent otherwise → UnknownMethod).
    public var experimental = false

    public enum CacheMode: String, Sendable, Equatable, CaseIterable { case always, no }

    public init() {}
}

/// One local controller.
public struct AdapterSpec: Sendable, Equatable {
    public var name = "hci0"
    public var address = BluetoothAddress(bytes: [0x00, 0x1A, 0x7D, 0xDA, 0x71, 0x13])
    public var alias = "carehub-hub"
    public var powered = true
    /// Simultaneous LE links the controller accepts (real controllers: about 5–7); nil = no limit.
    /// One more fails Connect() with `le-connection-concurrent-connection-limit`.
    public var maxConnections: Int?
    public init() {}
}

/// A simulated BLE peripheral (a cuff or a scale).
public struct PeripheralSpec: Sendable, Equatable {
    public enum Model: String, Sendable, Equatable, CaseIterable { case cuff, scale }
    public enum AddressType: String, Sendable, Equatable, CaseIterable { case `public`, random }

    public var address: BluetoothAddress
    public var addressType: AddressType = .public
    /// With `addressType` random: `address` is a resolvable private address and this the identity
    /// address the peer reveals when pairing (IRK): until then the device stays temporary (bluetoothd
    /// never stores private addresses); pairing changes `Address`/`AddressType` before the Pair reply.
    public var identityAddress: BluetoothAddress?
    public var identityAddressType: AddressType = .public
    public var adapter = "hci0"
    public var model: Model
    public var name: String?
    public var appearance: UInt16?
    public var rssi: Int16 = -60
    public var txPower: Int16?
    public var manufacturerData: [UInt16: [UInt8]] = [:]
    public var serviceData: [BluetoothUUID: [UInt8]] = [:]
    /// Service UUIDs in the advert; defaults to the model's measurement service.
    public var advertisedServices: [BluetoothUUID]
    /// Advertising windows relative to simulator start; nil = always advertising.
    public var advertising: [AdvertisingWindow]?
    public var pairing = PairingSpec()
    /// bluetoothd already holds a bond (device stored, Paired=true) at start.
    public var paired = false
    /// A leftover link at start: Connected=true, services resolved, owned by no live client (a crashed hub).
    public var connectedAtStart = false
    public var deviceInformation = DeviceInformation()
    public var batteryLevel: UInt8 = 90
    public var readings: [ReadingSpec] = []
    /// The measurement CCCD needs an encrypted link: StartNotify before pairing triggers implicit pairing
    /// through the default agent (RequestPasskey / RequestConfirmation / RequestAuthorization).
    public var securityRequired = false
    /// The peripheral holds its readings until the hub writes Date Time 0x2A08 or Current Time 0x2A2B.
    public var timeWriteRequired = false
    /// Spacing between consecutive stored-reading indications.
    public var indicationSpacingMs = 5
    /// Peripheral disconnects this long after the last indication of a burst; nil = stays connected.
    public var disconnectAfterBurstMs: Int?
    /// Readings stay stored after transfer (resent on every connection) instead of being deleted.
    public var keepReadings = false
    /// Adds the vendor command service 0xFFF0/0xFFF1 (write-without-response, notify) after the
    /// standard ones, for AcquireWrite.
    public var commandService = false

    public init(address: BluetoothAddress, model: Model) {
        self.address = address
        self.model = model
        advertisedServices = [BluetoothUUID(short: model.measurementService)]
    }
}

extension PeripheralSpec.Model {
    /// The SIG measurement service of the model (0x1810 or 0x181D).
    public var measurementService: UInt16 { self == .cuff ? 0x1810 : 0x181D }
    /// The indicate-only measurement characteristic (0x2A35 or 0x2A9D).
    public var measurementCharacteristic: UInt16 { self == .cuff ? 0x2A35 : 0x2A9D }
}

/// An advertising window `[startMs, startMs + durationMs)`; no duration = until the end.
public struct AdvertisingWindow: Sendable, Equatable {
    public var startMs: Int
    public var durationMs: Int?
    public init(startMs: Int, durationMs: Int?) {
        self.startMs = startMs
        self.durationMs = durationMs
    }
}

/// How the peripheral pairs.
public struct PairingSpec: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable, CaseIterable {
        /// No security needed; Pair() still works as Just Works.
        case none
        case justWorks = "just-works"
        /// The peripheral displays a passkey; bluetoothd asks our agent `RequestPasskey`.
        case passkey
        /// We display a passkey (`DisplayPasskey`); the peripheral types it.
        case displayPasskey = "display-passkey"
        /// Numeric comparison (`RequestConfirmation`).
        case confirm
    }
    public var method: Method = .none
    public var passkey: UInt32 = 123_456
    /// The peripheral accepts pairing (e.g. Omron "blinking P"); false ⇒ AuthenticationRejected.
    public var pairingMode = true
    public init() {}
}

/// Device Information Service strings (0x180A).
public struct DeviceInformation: Sendable, Equatable {
    public var manufacturer = "CareHub Sim"
    public var model = "SIM-1"
    public var serial = "0000001"
    public var hardware = "1.0"
    public var firmware = "1.0.0"
    public var software = "1.0.0"
    public init() {}
}

/// One stored reading: a payload fixture id or inline hex, for a characteristic.
public struct ReadingSpec: Sendable, Equatable {
    public var fixture: String?
    public var hex: [UInt8]?
    public var characteristic: BluetoothUUID?
    public init(fixture: String? = nil, hex: [UInt8]? = nil, characteristic: BluetoothUUID? = nil) {
        self.fixture = fixture
        self.hex = hex
        self.characteristic = characteristic
    }
}

/// A load run: `count` indications at `rateHz` on the measurement characteristic, send times logged.
public struct LoadSpec: Sendable, Equatable {
    public var device: BluetoothAddress
    public var count: Int
    public var rateHz: Double
    /// File receiving one line `sequence monotonic_ns` per indication sent.
    public var logFile: String?
    /// Payload (fixture id or hex); default: the device's first reading.
    public var reading: ReadingSpec?
    /// Start when the measurement CCCD is enabled (instead of the stored-reading burst).
    public var startOnSubscribe = true
    public init(device: BluetoothAddress, count: Int, rateHz: Double) {
        self.device = device
        self.count = count
        self.rateHz = rateHz
    }
}
