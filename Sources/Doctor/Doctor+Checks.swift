/// One function per cause; each returns the findings for its checks (none when an earlier cause
/// made the check impossible).
extension Doctor {
    static func kernelFindings(_ facts: DoctorFacts) -> [DoctorFinding] {
        let blueZAdapter = reportedAdapterName(facts)
        switch facts.kernel {
        case .unsupported:
            if let blueZAdapter {
                return [DoctorFinding(
                    .kernel, .warning,
                    "bluetoothd reports adapter \(blueZAdapter) but the kernel has no Bluetooth: this is a simulator or a container.",
                    action: "Nothing, on a test or demo hub. On a patient's hub, the hub itself needs Bluetooth: load it with `modprobe btusb`.")]
            }
            return [DoctorFinding(
                .kernel, .problem,
                "The kernel has no Bluetooth support (socket(AF_BLUETOOTH) fails: the bluetooth module is not loaded).",
                action: "Load it: `modprobe bluetooth` and, for a USB dongle, `modprobe btusb`. If modprobe finds no such module, this kernel has no Bluetooth: install the hub's standard image.")]
        case let .failed(operation, errno, message):
            return [DoctorFinding(
                .kernel, .warning, "Could not ask the kernel about Bluetooth: \(operation) failed: \(message) (errno \(errno)).",
                action: "Run `carehub doctor` as root; in a container, Bluetooth needs the host's network namespace.")]
        case let .controllers(controllers):
            return [DoctorFinding(.kernel, .ok, "The kernel supports Bluetooth.")] + controllerFindings(facts, controllers)
        }
    }

    static func controllerFindings(_ facts: DoctorFacts, _ controllers: [DoctorFacts.Controller]) -> [DoctorFinding] {
        if controllers.isEmpty {
            if let blueZAdapter = reportedAdapterName(facts) {
                return [DoctorFinding(
                    .controller, .warning,
                    "bluetoothd reports adapter \(blueZAdapter) but the kernel has no Bluetooth controller: this is a simulator or a container.",
                    action: "Nothing, on a test or demo hub. On a patient's hub, plug in the Bluetooth dongle.")]
            }
            return [DoctorFinding(
                .controller, .problem, "The kernel sees no Bluetooth controller (no hci device).",
                action: "Plug in the Bluetooth dongle (check with `lsusb`), or unplug and replug it. If it is built in, look for firmware errors: `dmesg | grep -i bluetooth`.")]
        }
        let names = controllers.map { "\($0.name) (\($0.bus), \($0.address))" }.joined(separator: ", ")
        let up = controllers.filter { $0.isUp }
        if up.isEmpty {
            let blocked = bluetoothSwitches(facts).contains { $0.soft || $0.hard }
            return [DoctorFinding(
                .controller, .problem, "Bluetooth controller \(names) is down.",
                action: blocked
                    ? "It is down because rfkill blocks it: see rfkill below."
                    : "Switch it on: `bluetoothctl power on`. If it stays down, unplug and replug the dongle.")]
        }
        let upNames = up.map { "\($0.name) (\($0.bus), \($0.address))" }.joined(separator: ", ")
        if let stuck = up.first(where: { !$0.isRunning }) {
            return [DoctorFinding(
                .controller, .warning, "Controller \(stuck.name) is up but not running (not initialised).",
                action: "Reset it: unplug and replug the dongle, then `systemctl restart bluetooth`.")]
        }
        return [DoctorFinding(.controller, .ok, "Controller \(upNames) is up.")]
    }

    static func rfkillFindings(_ facts: DoctorFacts) -> [DoctorFinding] {
        let switches = bluetoothSwitches(facts)
        let names = { (list: [DoctorFacts.RfkillSwitch]) in list.map { $0.device ?? $0.id }.joined(separator: ", ") }
        let hard = switches.filter(\.hard)
        let soft = switches.filter { $0.soft && !$0.hard }
        var findings: [DoctorFinding] = []
        if !hard.isEmpty {
            findings.append(DoctorFinding(
                .rfkill, .problem, "A hardware switch blocks Bluetooth (rfkill hard block on \(names(hard))).",
                action: "Turn on the hub's wireless switch or key (or enable Bluetooth in the firmware setup); software cannot lift a hard block."))
        }
        if !soft.isEmpty {
            findings.append(DoctorFinding(
                .rfkill, .problem, "Bluetooth is switched off (rfkill soft block on \(names(soft))).",
                action: "Switch it on with `rfkill unblock bluetooth`. After a controller reset the block can come back: set AutoEnable=true in /etc/bluetooth/main.conf."))
        }
        if findings.isEmpty, case .controllers = facts.kernel {
            findings.append(DoctorFinding(.rfkill, .ok, "No rfkill switch blocks Bluetooth."))
        }
        return findings
    }

    static func busFindings(_ facts: DoctorFacts) -> [DoctorFinding] {
        switch facts.bus {
        case let .unreachable(address, reason):
            return [DoctorFinding(
                .bus, .problem, "The D-Bus system bus is not reachable at \(address): \(reason).",
                action: "Start D-Bus: `systemctl start dbus`. In a container, mount the host's /run/dbus/system_bus_socket or set DBUS_SYSTEM_BUS_ADDRESS.")]
        case let .reachable(address):
            var findings = [DoctorFinding(.bus, .ok, "The D-Bus system bus is reachable (\(address)).")]
            switch facts.bluetoothd {
            case let .running(owner):
                findings.append(DoctorFinding(.bluetoothd, .ok, "bluetoothd is running (org.bluez is owned by \(owner))."))
            case .notRunning:
                findings.append(DoctorFinding(
                    .bluetoothd, .problem, "bluetoothd is not running (nobody owns org.bluez on the system bus).",
                    action: "Start it: `systemctl start bluetooth`. If it stops again, see `journalctl -u bluetooth`."))
            case let .unknown(reason):
                findings.append(DoctorFinding(
                    .bluetoothd, .warning, "Could not tell whether bluetoothd is running: \(reason).",
                    action: "Check the bus: `busctl status org.bluez`."))
            case nil:
                break
            }
            return findings
        }
    }

    static func adapterFindings(_ facts: DoctorFacts) -> [DoctorFinding] {
        switch facts.bluez {
        case nil:
            return []
        case let .accessDenied(message):
            return [DoctorFinding(
                .permission, .problem, "Not allowed to talk to bluetoothd (D-Bus AccessDenied on org.bluez: \(message)).",
                action: "Run as root or add the user to the bluetooth group: `usermod -aG bluetooth USER`, then log in again.")]
        case let .failed(reason):
            return [DoctorFinding(
                .permission, .warning, "bluetoothd did not answer: \(reason).",
                action: "Restart it: `systemctl restart bluetooth`; see `journalctl -u bluetooth`.")]
        case let .adapters(adapters):
            var findings = [DoctorFinding(.permission, .ok, "Allowed to talk to bluetoothd.")]
            if adapters.isEmpty {
                let kernelNames = kernelControllerNames(facts)
                findings.append(DoctorFinding(
                    .adapter, .problem, "bluetoothd has no adapter.",
                    action: kernelNames.isEmpty
                        ? "Fix the controller problem above first."
                        : "The kernel has \(kernelNames.joined(separator: ", ")) but bluetoothd did not pick it up (after a controller reset it can come back under a new name): `systemctl restart bluetooth`."))
            } else if let powered = adapters.first(where: { $0.powered }) {
                findings.append(DoctorFinding(.adapter, .ok, "Adapter \(powered.name) (\(powered.address)) is powered."))
            } else {
                let names = adapters.map(\.name).joined(separator: ", ")
                let blocked = bluetoothSwitches(facts).contains { $0.soft || $0.hard }
                findings.append(DoctorFinding(
                    .adapter, .problem, "Adapter \(names) is not powered.",
                    action: blocked
                        ? "Lift the rfkill block above, then `bluetoothctl power on`."
                        : "Switch it on: `bluetoothctl power on`. To have it on after every restart, set AutoEnable=true in /etc/bluetooth/main.conf."))
            }
            return findings
        }
    }

    static func daemonFindings(_ facts: DoctorFacts) -> [DoctorFinding] {
        switch facts.daemon {
        case nil:
            return []
        case .notRunning:
            return [DoctorFinding(
                .daemon, .warning, "carehubd is not running (nobody owns org.carehub.Gateway): no readings are collected.",
                action: "Start it: `systemctl start carehubd`; see `journalctl -u carehubd` if it stops.")]
        case let .noAnswer(reason):
            return [DoctorFinding(
                .daemon, .warning, "carehubd is on the bus but did not answer GetStatus: \(reason).",
                action: "Restart it: `systemctl restart carehubd`; see `journalctl -u carehubd`.")]
        case let .running(status):
            let adapter = status.adapter.map { ", using \($0)" } ?? ", no adapter"
            return [DoctorFinding(
                .daemon, .ok,
                "carehubd \(status.version) is running: \(status.pairedDevices) paired, \(status.assignedDevices) assigned device(s)\(adapter).")]
        }
    }

    /// The name of the first adapter bluetoothd reports, if any.
    static func reportedAdapterName(_ facts: DoctorFacts) -> String? {
        guard case let .adapters(adapters) = facts.bluez else { return nil }
        return adapters.first?.name
    }

    static func kernelControllerNames(_ facts: DoctorFacts) -> [String] {
        guard case let .controllers(controllers) = facts.kernel else { return [] }
        return controllers.map(\.name)
    }
}
