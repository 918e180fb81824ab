import Testing
@testable import Doctor

/// Every failure mode `carehub doctor` names, as facts in → findings out. Provenance: the causes
/// the brief lists and /work/shared/reference/bluez-failure-modes.md §11 (bluetoothd gone) and
/// §12 (adapter vanishing, coming back as hciN, rfkill after a reset).
@Suite("carehub doctor: diagnosis")
struct DoctorDiagnosisTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let facts: DoctorFacts
        let usable: Bool
        /// (check, status) of every finding, in order.
        let expected: [(DoctorFinding.Check, DoctorFinding.Status)]
        /// Words the report must contain (summary or action of some finding, or the verdict).
        let mentions: [String]
        var testDescription: String { name }
    }

    static let bus = "unix:path=/run/dbus/system_bus_socket"
    static let hci0 = DoctorFacts.Controller(name: "hci0", address: "00:1A:7D:DA:71:13", isUp: true, isRunning: true)
    static let hci0Down = DoctorFacts.Controller(name: "hci0", address: "00:1A:7D:DA:71:13", isUp: false, isRunning: false)
    static let powered = DoctorFacts.Adapter(name: "hci0", address: "00:1A:7D:DA:71:13", powered: true)
    static let unpowered = DoctorFacts.Adapter(name: "hci0", address: "00:1A:7D:DA:71:13", powered: false)
    static let status = DoctorFacts.DaemonStatus(version: "0.9.0", pairedDevices: 2, assignedDevices: 1, adapter: "hci0")
    static func btSwitch(soft: Bool = false, hard: Bool = false) -> DoctorFacts.RfkillSwitch {
        DoctorFacts.RfkillSwitch(id: "rfkill0", device: "hci0", type: "bluetooth", soft: soft, hard: hard)
    }
    static let wlanBlocked = DoctorFacts.RfkillSwitch(id: "rfkill1", device: "phy0", type: "wlan", soft: true, hard: true)

    /// A healthy hub with `changes` applied.
    static func hub(_ changes: (inout DoctorFacts) -> Void = { _ in }) -> DoctorFacts {
        var facts = DoctorFacts(
            kernel: .controllers([hci0]), rfkill: .switches([btSwitch(), wlanBlocked]), bus: .reachable(address: bus),
            bluetoothd: .running(owner: ":1.4"), bluez: .adapters([powered]), daemon: .running(status))
        changes(&facts)
        return facts
    }

    static let cases: [Case] = [
        Case(name: "healthy hub", facts: hub(), usable: true,
             expected: [(.kernel, .ok), (.controller, .ok), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .ok), (.daemon, .ok)],
             mentions: ["Bluetooth works: adapter hci0 is powered.", "carehubd 0.9.0 is running: 2 paired, 1 assigned",
                        "hci0 (USB, 00:1A:7D:DA:71:13) is up"]),
        Case(name: "no kernel Bluetooth, no bluetoothd",
             facts: hub { $0.kernel = .unsupported; $0.rfkill = .unavailable; $0.bluetoothd = .notRunning; $0.bluez = nil },
             usable: false,
             expected: [(.kernel, .problem), (.bus, .ok), (.bluetoothd, .problem), (.daemon, .ok)],
             mentions: ["The kernel has no Bluetooth support", "modprobe btusb", "bluetoothd is not running",
                        "Bluetooth does not work: The kernel has no Bluetooth support"]),
        Case(name: "simulator: bluez-sim reports hci0, the kernel has no Bluetooth",
             facts: hub { $0.kernel = .unsupported; $0.rfkill = .unavailable; $0.daemon = .notRunning },
             usable: true,
             expected: [(.kernel, .warning), (.bus, .ok), (.bluetoothd, .ok), (.permission, .ok), (.adapter, .ok),
                        (.daemon, .warning)],
             mentions: ["bluetoothd reports adapter hci0 but the kernel has no Bluetooth: this is a simulator or a container",
                        "(simulated: the kernel has no Bluetooth controller)", "carehubd is not running"]),
        Case(name: "simulator on a kernel with Bluetooth but no controller",
             facts: hub { $0.kernel = .controllers([]); $0.rfkill = .switches([]) }, usable: true,
             expected: [(.kernel, .ok), (.controller, .warning), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .ok), (.daemon, .ok)],
             mentions: ["kernel has no Bluetooth controller: this is a simulator or a container"]),
        Case(name: "kernel asked but refused (seccomp)",
             facts: hub { $0.kernel = .failed(operation: "socket(AF_BLUETOOTH)", errno: 1, message: "Operation not permitted") },
             usable: true,
             expected: [(.kernel, .warning), (.bus, .ok), (.bluetoothd, .ok), (.permission, .ok), (.adapter, .ok),
                        (.daemon, .ok)],
             mentions: ["Operation not permitted (errno 1)", "as root"]),
        Case(name: "no controller (dongle unplugged)",
             facts: hub { $0.kernel = .controllers([]); $0.rfkill = .switches([]); $0.bluez = .adapters([]) },
             usable: false,
             expected: [(.kernel, .ok), (.controller, .problem), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .problem), (.daemon, .ok)],
             mentions: ["no hci device", "lsusb", "Fix the controller problem above first",
                        "Bluetooth does not work: The kernel sees no Bluetooth controller"]),
        Case(name: "controller down",
             facts: hub { $0.kernel = .controllers([hci0Down]); $0.bluez = .adapters([unpowered]) }, usable: false,
             expected: [(.kernel, .ok), (.controller, .problem), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .problem), (.daemon, .ok)],
             mentions: ["hci0 (USB, 00:1A:7D:DA:71:13) is down", "bluetoothctl power on", "AutoEnable=true"]),
        Case(name: "controller up but not running",
             facts: hub { $0.kernel = .controllers([DoctorFacts.Controller(name: "hci0", address: "00:1A:7D:DA:71:13", isUp: true, isRunning: false)]) },
             usable: true,
             expected: [(.kernel, .ok), (.controller, .warning), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .ok), (.daemon, .ok)],
             mentions: ["up but not running"]),
        Case(name: "rfkill soft block (after a controller reset)",
             facts: hub { $0.kernel = .controllers([hci0Down]); $0.rfkill = .switches([btSwitch(soft: true)]); $0.bluez = .adapters([unpowered]) },
             usable: false,
             expected: [(.kernel, .ok), (.controller, .problem), (.rfkill, .problem), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .problem), (.daemon, .ok)],
             mentions: ["down because rfkill blocks it", "rfkill soft block on hci0", "switch it on with `rfkill unblock bluetooth`",
                        "Lift the rfkill block above"]),
        Case(name: "rfkill hard block",
             facts: hub { $0.kernel = .controllers([hci0Down]); $0.rfkill = .switches([btSwitch(soft: true, hard: true)]); $0.bluez = .adapters([unpowered]) },
             usable: false,
             expected: [(.kernel, .ok), (.controller, .problem), (.rfkill, .problem), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .problem), (.daemon, .ok)],
             mentions: ["A hardware switch blocks Bluetooth", "software cannot lift a hard block"]),
        Case(name: "system bus not reachable",
             facts: DoctorFacts(kernel: .controllers([hci0]), rfkill: .switches([btSwitch()]),
                                bus: .unreachable(address: bus, reason: "Failed to connect to socket: No such file or directory")),
             usable: false,
             expected: [(.kernel, .ok), (.controller, .ok), (.rfkill, .ok), (.bus, .problem)],
             mentions: ["not reachable at unix:path=/run/dbus/system_bus_socket", "systemctl start dbus"]),
        Case(name: "bluetoothd not running",
             facts: hub { $0.bluetoothd = .notRunning; $0.bluez = nil; $0.daemon = .running(DoctorFacts.DaemonStatus(version: "0.9.0", pairedDevices: 2, assignedDevices: 1, adapter: nil)) },
             usable: false,
             expected: [(.kernel, .ok), (.controller, .ok), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .problem), (.daemon, .ok)],
             mentions: ["nobody owns org.bluez", "systemctl start bluetooth", "no adapter",
                        "Bluetooth does not work: bluetoothd is not running"]),
        Case(name: "bluetoothd state unknown",
             facts: hub { $0.bluetoothd = .unknown(reason: "no reply"); $0.bluez = nil }, usable: false,
             expected: [(.kernel, .ok), (.controller, .ok), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .warning), (.daemon, .ok)],
             mentions: ["Could not tell whether bluetoothd is running", "Bluetooth could not be confirmed"]),
        Case(name: "no permission",
             facts: hub { $0.bluez = .accessDenied(message: "Rejected send message") }, usable: false,
             expected: [(.kernel, .ok), (.controller, .ok), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .problem), (.daemon, .ok)],
             mentions: ["AccessDenied on org.bluez", "run as root or add the user to the bluetooth group"]),
        Case(name: "bluetoothd does not answer",
             facts: hub { $0.bluez = .failed(reason: "no reply within 5 seconds") }, usable: false,
             expected: [(.kernel, .ok), (.controller, .ok), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .warning), (.daemon, .ok)],
             mentions: ["bluetoothd did not answer", "systemctl restart bluetooth"]),
        Case(name: "adapter came back as hci1, bluetoothd has none",
             facts: hub { $0.kernel = .controllers([DoctorFacts.Controller(name: "hci1", address: "00:1A:7D:DA:71:13", isUp: true, isRunning: true)]); $0.bluez = .adapters([]) },
             usable: false,
             expected: [(.kernel, .ok), (.controller, .ok), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .problem), (.daemon, .ok)],
             mentions: ["bluetoothd has no adapter", "The kernel has hci1 but bluetoothd did not pick it up"]),
        Case(name: "adapter not powered", facts: hub { $0.bluez = .adapters([unpowered]) }, usable: false,
             expected: [(.kernel, .ok), (.controller, .ok), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .problem), (.daemon, .ok)],
             mentions: ["Adapter hci0 is not powered", "bluetoothctl power on"]),
        Case(name: "carehubd not answering", facts: hub { $0.daemon = .noAnswer(reason: "no reply") }, usable: true,
             expected: [(.kernel, .ok), (.controller, .ok), (.rfkill, .ok), (.bus, .ok), (.bluetoothd, .ok),
                        (.permission, .ok), (.adapter, .ok), (.daemon, .warning)],
             mentions: ["did not answer GetStatus", "systemctl restart carehubd"]),
    ]

    @Test("Each failure mode gives its findings in cause order, the verdict and the exit status", arguments: cases)
    func diagnosis(_ c: Case) {
        let report = Doctor.diagnose(c.facts)
        #expect(report.findings.map(\.check) == c.expected.map(\.0))
        #expect(report.findings.map(\.status) == c.expected.map(\.1))
        #expect(report.usable == c.usable)
        #expect(report.exitStatus == (c.usable ? 0 : 1))
        let text = report.text()
        for words in c.mentions {
            #expect(text.localizedLowercase.contains(words.localizedLowercase), "missing: \(words)\n\(text)")
        }
        // Every ✗ says what to do.
        for finding in report.findings where finding.status == .problem {
            #expect(finding.action != nil, "\(finding.check) has no action")
        }
    }

    @Test("Findings never go back to an earlier cause")
    func causeOrder() {
        for c in Self.cases {
            let checks = Doctor.diagnose(c.facts).findings.map(\.check)
            #expect(checks == checks.sorted(), "\(c.name)")
        }
    }

    @Test("The text shows ✓/✗/! and What to do; the JSON carries the same findings")
    func rendering() {
        let report = Doctor.diagnose(Self.hub { $0.bluetoothd = .notRunning; $0.bluez = nil; $0.daemon = .notRunning })
        let text = report.text()
        #expect(text.contains("✓ kernel      The kernel supports Bluetooth."))
        #expect(text.contains("✗ bluetoothd  bluetoothd is not running"))
        #expect(text.contains("\n              What to do: Start it: `systemctl start bluetooth`."))
        #expect(text.contains("! carehubd    carehubd is not running"))
        #expect(text.hasSuffix("\n\(report.verdict)\n"))
        let json = report.json()
        #expect(json.hasPrefix(#"{"usable":false,"verdict":"Bluetooth does not work: bluetoothd is not running"#))
        #expect(json.contains(#"{"check":"bluetoothd","status":"problem","summary":"bluetoothd is not running (nobody owns org.bluez on the system bus).","action":"Start it: `systemctl start bluetooth`. If it stops again, see `journalctl -u bluetooth`."}"#))
        #expect(json.contains(#"{"check":"kernel","status":"ok","summary":"The kernel supports Bluetooth."}"#))
    }
}
