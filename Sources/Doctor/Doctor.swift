/// `carehub doctor`'s judgement: facts in, findings out, no I/O (the probes are `DoctorProbe`).
/// Findings come in the order causes build on each other (kernel → controller → rfkill → bus →
/// bluetoothd → permission → adapter → daemon); a check that an earlier cause made impossible to
/// ask is left out rather than guessed.
public enum Doctor {
    /// Judges the facts.
    public static func diagnose(_ facts: DoctorFacts) -> DoctorReport {
        var findings: [DoctorFinding] = []
        findings += kernelFindings(facts)
        findings += rfkillFindings(facts)
        findings += busFindings(facts)
        findings += adapterFindings(facts)
        findings += daemonFindings(facts)
        let usable = !findings.contains { $0.status == .problem } && poweredAdapter(facts) != nil
        return DoctorReport(findings: findings, usable: usable, verdict: verdict(facts, findings, usable: usable))
    }

    /// Gathers the facts from this machine (kernel, sysfs under `sysfsRoot`, the system bus or
    /// `busAddress`) and judges them.
    public static func examine(sysfsRoot: String = "/sys", busAddress: String? = nil) async -> DoctorReport {
        diagnose(await DoctorProbe.gather(sysfsRoot: sysfsRoot, busAddress: busAddress))
    }

    static func verdict(_ facts: DoctorFacts, _ findings: [DoctorFinding], usable: Bool) -> String {
        if usable, let adapter = poweredAdapter(facts) {
            let simulated = isSimulated(facts) ? " (simulated: the kernel has no Bluetooth controller)" : ""
            return "Bluetooth works: adapter \(adapter.name) is powered\(simulated)."
        }
        if let first = findings.first(where: { $0.status == .problem }) {
            return "Bluetooth does not work: \(first.summary) Fix the first ✗ first."
        }
        if let first = findings.first(where: { $0.status == .warning }) {
            return "Bluetooth could not be confirmed: \(first.summary)"
        }
        return "Bluetooth could not be confirmed: bluetoothd reports no powered adapter."
    }

    /// The first powered adapter bluetoothd reports.
    static func poweredAdapter(_ facts: DoctorFacts) -> DoctorFacts.Adapter? {
        guard case let .adapters(adapters) = facts.bluez else { return nil }
        return adapters.first { $0.powered }
    }

    /// bluetoothd reports an adapter although the kernel has no controller: bluez-sim, or a
    /// container talking to a bluetoothd elsewhere.
    static func isSimulated(_ facts: DoctorFacts) -> Bool {
        guard case let .adapters(adapters) = facts.bluez, !adapters.isEmpty else { return false }
        switch facts.kernel {
        case .unsupported: return true
        case let .controllers(controllers): return controllers.isEmpty
        case .failed: return false
        }
    }

    /// The rfkill switches of type bluetooth.
    static func bluetoothSwitches(_ facts: DoctorFacts) -> [DoctorFacts.RfkillSwitch] {
        guard case let .switches(switches) = facts.rfkill else { return [] }
        return switches.filter { $0.type == "bluetooth" }
    }
}
