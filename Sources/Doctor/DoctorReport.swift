import HealthProfiles

/// The doctor's answer: the findings in cause order, whether Bluetooth is usable, one verdict line.
public struct DoctorReport: Sendable, Hashable {
    public var findings: [DoctorFinding]
    /// True when bluetoothd reports a powered adapter and no finding is a ✗.
    public var usable: Bool
    /// One sentence for the technician.
    public var verdict: String

    /// Creates a report.
    public init(findings: [DoctorFinding], usable: Bool, verdict: String) {
        self.findings = findings
        self.usable = usable
        self.verdict = verdict
    }

    /// The process exit status: 0 when Bluetooth is usable, 1 otherwise.
    public var exitStatus: Int32 { usable ? 0 : 1 }

    /// The report as a technician reads it: one line per finding with ✓/✗/!, "What to do" under
    /// it, then the verdict.
    public func text() -> String {
        let width = (DoctorFinding.Check.allCases.map(\.label.count).max() ?? 10) + 2
        var lines: [String] = []
        for finding in findings {
            let label = finding.check.label + String(repeating: " ", count: max(1, width - finding.check.label.count))
            lines.append("\(finding.status.symbol) \(label)\(finding.summary)")
            if let action = finding.action {
                lines.append(String(repeating: " ", count: width + 2) + "What to do: \(action)")
            }
        }
        lines.append("")
        lines.append(verdict)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as one JSON object for scripts: `usable`, `verdict`, `findings`
    /// (`check`, `status` ok|problem|warning, `summary`, `action` when there is one).
    public func json() -> String {
        var object = JSONObjectBuilder()
        object.add("usable", .bool(usable))
        object.add("verdict", .string(verdict))
        object.add("findings", .array(findings.map { finding in
            var item = JSONObjectBuilder()
            item.add("check", .string(finding.check.label))
            item.add("status", .string(finding.status.rawValue))
            item.add("summary", .string(finding.summary))
            item.add("action", finding.action.map { JSONValue.string($0) })
            return item.value
        }))
        return object.value.rendered()
    }
}
