/// One line of the doctor's report: what was checked, how it came out, and what to do about it.
public struct DoctorFinding: Sendable, Hashable {
    /// The checks, in the order causes build on each other.
    public enum Check: String, Sendable, Hashable, CaseIterable, Comparable {
        case kernel, controller, rfkill, bus, bluetoothd, permission, adapter, daemon

        /// The label printed in front of the finding.
        public var label: String { self == .daemon ? "carehubd" : rawValue }

        public static func < (lhs: Check, rhs: Check) -> Bool {
            let order = allCases
            return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
        }
    }

    /// How a check came out.
    public enum Status: String, Sendable, Hashable {
        /// ✓ fine.
        case ok
        /// ✗ keeps Bluetooth from working.
        case problem
        /// ! worth knowing, does not by itself keep Bluetooth from working.
        case warning

        /// ✓, ✗ or !.
        public var symbol: String {
            switch self {
            case .ok: "✓"
            case .problem: "✗"
            case .warning: "!"
            }
        }
    }

    public var check: Check
    public var status: Status
    /// What was found, in plain words.
    public var summary: String
    /// What the technician should do; nil when nothing.
    public var action: String?

    /// Creates a finding.
    public init(_ check: Check, _ status: Status, _ summary: String, action: String? = nil) {
        self.check = check
        self.status = status
        self.summary = summary
        self.action = action
    }
}
