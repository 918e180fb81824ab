/// Everything `carehub doctor` found out about the hub's Bluetooth, gathered by `DoctorProbe` and
/// judged by `Doctor.diagnose`. Plain values, so every failure mode can be written down in a test.
/// An optional part is nil when an earlier cause kept it from being asked (no bus: no bluetoothd).
public struct DoctorFacts: Sendable, Hashable {
    /// What the kernel says: AF_BLUETOOTH socket, HCIGETDEVLIST, HCIGETDEVINFO.
    public var kernel: Kernel
    /// The rfkill switches in sysfs.
    public var rfkill: Rfkill
    /// Whether the D-Bus system bus could be reached.
    public var bus: Bus
    /// Whether org.bluez has an owner; nil when the bus was not reachable.
    public var bluetoothd: Bluetoothd?
    /// bluetoothd's answer to GetManagedObjects; nil when it was not asked.
    public var bluez: BlueZAnswer?
    /// Whether carehubd owns org.carehub.Gateway and what GetStatus said; nil when the bus was not reachable.
    public var daemon: Daemon?

    /// Creates the facts.
    public init(
        kernel: Kernel, rfkill: Rfkill, bus: Bus, bluetoothd: Bluetoothd? = nil,
        bluez: BlueZAnswer? = nil, daemon: Daemon? = nil
    ) {
        self.kernel = kernel
        self.rfkill = rfkill
        self.bus = bus
        self.bluetoothd = bluetoothd
        self.bluez = bluez
        self.daemon = daemon
    }
}

extension DoctorFacts {
    /// The kernel's side of Bluetooth.
    public enum Kernel: Sendable, Hashable {
        /// socket(AF_BLUETOOTH) failed with EAFNOSUPPORT: no Bluetooth in the kernel (module not loaded,
        /// not built, or a container without it).
        case unsupported
        /// The kernel has Bluetooth; these are its controllers (possibly none).
        case controllers([Controller])
        /// Asking failed otherwise (`operation` such as "socket(AF_BLUETOOTH)", `errno`, its text).
        case failed(operation: String, errno: Int32, message: String)
    }

    /// One controller as HCIGETDEVINFO describes it.
    public struct Controller: Sendable, Hashable {
        /// "hci0".
        public var name: String
        /// "AA:BB:CC:DD:EE:FF".
        public var address: String
        /// "USB", "UART", "VIRTUAL", ...
        public var bus: String
        /// HCI_UP: powered up.
        public var isUp: Bool
        /// HCI_RUNNING: initialised, accepts commands.
        public var isRunning: Bool

        /// Creates a controller description.
        public init(name: String, address: String, bus: String = "USB", isUp: Bool, isRunning: Bool) {
            self.name = name
            self.address = address
            self.bus = bus
            self.isUp = isUp
            self.isRunning = isRunning
        }
    }

    /// The rfkill switches (`/sys/class/rfkill/rfkillN`).
    public enum Rfkill: Sendable, Hashable {
        /// No /sys/class/rfkill: the kernel has no rfkill, so nothing can block a radio.
        case unavailable
        /// Every switch found (of any type; the diagnosis looks at type `bluetooth`).
        case switches([RfkillSwitch])
    }

    /// One rfkill switch.
    public struct RfkillSwitch: Sendable, Hashable {
        /// "rfkill0".
        public var id: String
        /// The `name` file: the device it switches ("hci0"), when readable.
        public var device: String?
        /// The `type` file: "bluetooth", "wlan", ...
        public var type: String
        /// Blocked in software (`rfkill block`, a desktop toggle); `rfkill unblock` lifts it.
        public var soft: Bool
        /// Blocked by a hardware switch or firmware; software cannot lift it.
        public var hard: Bool

        /// Creates a switch description.
        public init(id: String, device: String?, type: String, soft: Bool, hard: Bool) {
            self.id = id
            self.device = device
            self.type = type
            self.soft = soft
            self.hard = hard
        }
    }

    /// Whether the system bus answered.
    public enum Bus: Sendable, Hashable {
        case reachable(address: String)
        case unreachable(address: String, reason: String)
    }

    /// Whether bluetoothd is on the bus.
    public enum Bluetoothd: Sendable, Hashable {
        /// org.bluez is owned by this unique name.
        case running(owner: String)
        /// Nobody owns org.bluez.
        case notRunning
        /// The bus did not say (GetNameOwner failed).
        case unknown(reason: String)
    }

    /// bluetoothd's answer to GetManagedObjects.
    public enum BlueZAnswer: Sendable, Hashable {
        /// The adapters it manages (possibly none).
        case adapters([Adapter])
        /// org.freedesktop.DBus.Error.AccessDenied: the bus policy keeps this user out.
        case accessDenied(message: String)
        /// Any other failure (timeout, malformed reply).
        case failed(reason: String)
    }

    /// An org.bluez.Adapter1 as the doctor needs it.
    public struct Adapter: Sendable, Hashable {
        /// "hci0" (the last path component).
        public var name: String
        /// "AA:BB:CC:DD:EE:FF".
        public var address: String
        public var powered: Bool

        /// Creates an adapter description.
        public init(name: String, address: String, powered: Bool) {
            self.name = name
            self.address = address
            self.powered = powered
        }
    }

    /// Whether carehubd is on the bus.
    public enum Daemon: Sendable, Hashable {
        /// Nobody owns org.carehub.Gateway.
        case notRunning
        /// It answered GetStatus.
        case running(DaemonStatus)
        /// It owns the name but GetStatus failed.
        case noAnswer(reason: String)
    }

    /// The part of carehubd's GetStatus the doctor shows.
    public struct DaemonStatus: Sendable, Hashable {
        public var version: String
        public var pairedDevices: Int
        public var assignedDevices: Int
        /// The adapter the daemon runs discovery on, nil when it has none.
        public var adapter: String?

        /// Creates a status summary.
        public init(version: String, pairedDevices: Int, assignedDevices: Int, adapter: String?) {
            self.version = version
            self.pairedDevices = pairedDevices
            self.assignedDevices = assignedDevices
            self.adapter = adapter
        }
    }
}
