import Foundation

/// Fleet health: what needs a technician visit.
public struct FleetPage: Sendable {
    /// The configured limits, so the page can say what "silent" and "low" mean.
    public var hubSilentAfter: TimeInterval
    public var lowBatteryPercent: Int
    public var clockToleranceSeconds: Double
    /// Sorted by hub, then device.
    public private(set) var issues: [FleetIssue]

    public init(hubSilentAfter: TimeInterval, lowBatteryPercent: Int, clockToleranceSeconds: Double, issues: [FleetIssue]) {
        self.hubSilentAfter = hubSilentAfter
        self.lowBatteryPercent = lowBatteryPercent
        self.clockToleranceSeconds = clockToleranceSeconds
        self.issues = issues.sorted { ($0.hubID, $0.device ?? "") < ($1.hubID, $1.device ?? "") }
    }
}

/// One problem of one hub or device.
public struct FleetIssue: Sendable, Hashable {
    public enum Problem: Sendable, Hashable {
        /// The hub has not been heard from since `lastHeard` (nil: never).
        case hubSilent(lastHeard: Date?)
        case lowBattery(percent: Int)
        /// Device clock minus true time.
        case clockOff(seconds: Double)
        /// The device's last reading; it stopped sending.
        case deviceSilent(lastReading: Date?)
    }

    public var hubID: String
    /// The patients of the hub (for the visit).
    public var patients: [PatientRef]
    /// The device's name or id; nil for a problem of the hub itself.
    public var device: String?
    public var problem: Problem

    public init(hubID: String, patients: [PatientRef], device: String? = nil, problem: Problem) {
        self.hubID = hubID
        self.patients = patients
        self.device = device
        self.problem = problem
    }
}
