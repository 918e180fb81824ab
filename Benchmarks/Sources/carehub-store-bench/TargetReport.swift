import Foundation

/// What one target's run measured and found wrong.
struct TargetReport {
    let target: Target
    var durability = ""
    var setUpSeconds: Double?
    var warmUp = PhaseResult()
    var timed = PhaseResult()
    var wall = 0.0
    var clientCPU = 0.0
    /// The server process (carehub-store serve, or the floor).
    var serverCPU = 0.0
    /// The PostgreSQL server and its backends.
    var postgresCPU: Double?
    var loadBefore = "?"
    var loadAfter = "?"
    var stored: (observations: Int, detectedIssues: Int, worklist: Int)?
    var problems: [String] = []

    var readingsPerSecond: Double { Double(timed.readings) / max(wall, 1e-9) }

    func percentile(_ p: Double) -> Double {
        let sorted = timed.latencies.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
    }

    func perReading(_ cpu: Double) -> Double { cpu * 1e6 / Double(max(timed.readings, 1)) }

    /// The store against what was sent: every Observation and DetectedIssue exactly once, a worklist
    /// item per DetectedIssue (all are red or yellow).
    mutating func check(_ counts: (observations: Int, detectedIssues: Int, worklist: Int), expected: ExpectedContent) {
        stored = counts
        if counts.observations != expected.observations.count {
            problems.append("the store holds \(counts.observations) Observations, \(expected.observations.count) were sent")
        }
        if counts.detectedIssues != expected.detectedIssues.count {
            problems.append("the store holds \(counts.detectedIssues) DetectedIssues, \(expected.detectedIssues.count) were sent")
        }
        if counts.worklist != expected.detectedIssues.count {
            problems.append("the worklist has \(counts.worklist) items, \(expected.detectedIssues.count) deviating readings were sent")
        }
    }

    /// Every answer 200; each distinct resource created once (`201`), re-sends creating nothing.
    mutating func checkAnswers(expected: ExpectedContent) {
        for phase in [warmUp, timed] where phase.errorCount > 0 {
            problems.append("\(phase.errorCount) requests failed (\(phase.errors.map { "\($0.key): \($0.value)" }.sorted().joined(separator: ", "))); first: \(phase.firstErrors.joined(separator: " | "))")
        }
        guard target != .floor, problems.isEmpty else { return }
        let distinct = expected.observations.count + expected.detectedIssues.count + expected.devices.count
        if warmUp.created + timed.created != distinct {
            problems.append("the answers created \(warmUp.created + timed.created) resources; \(distinct) distinct ones were sent")
        }
        if timed.createdByResends != 0 { problems.append("re-sent Bundles created \(timed.createdByResends) resources") }
    }

    func print() {
        let name = switch target {
        case .floor: "floor: Hummingbird endpoint that answers without parsing or storing"
        case .sqlite: "carehub-store serve on SQLite"
        case .postgres: "carehub-store serve on PostgreSQL"
        }
        var lines = ["== \(name) (\(durability))"]
        if let setUpSeconds {
            lines.append(String(format: "set-up with the CLI (migrate, then patient add and hub add per hub): %.1f s", setUpSeconds))
        }
        lines.append("warm-up: \(warmUp.requests) Bundles, \(warmUp.readings) readings")
        lines.append(String(format: "timed: %d readings in %d Bundles (+%d re-sent) in %.2f s: %.0f readings/s, %.1f Bundles/s",
                            timed.readings, timed.requests - timed.resends, timed.resends, wall, readingsPerSecond,
                            Double(timed.requests) / max(wall, 1e-9)))
        lines.append(String(format: "Bundle latency: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
                            percentile(0.5) * 1e3, percentile(0.95) * 1e3, percentile(0.99) * 1e3, percentile(1) * 1e3))
        var cpu = String(format: "CPU per reading: server %.1f µs (%.0f %% of a core)", perReading(serverCPU), 100 * serverCPU / max(wall, 1e-9))
        if let postgresCPU { cpu += String(format: ", PostgreSQL %.1f µs (%.0f %%)", perReading(postgresCPU), 100 * postgresCPU / max(wall, 1e-9)) }
        cpu += String(format: ", client %.1f µs (%.0f %%)", perReading(clientCPU), 100 * clientCPU / max(wall, 1e-9))
        lines.append(cpu)
        lines.append("load average before / after the timed phase: \(loadBefore) / \(loadAfter)")
        if let stored {
            lines.append("store holds: \(stored.observations) Observations, \(stored.detectedIssues) DetectedIssues, \(stored.worklist) worklist items; "
                + "answers: \(warmUp.created + timed.created) created, \(timed.createdByResends) created by re-sends")
        }
        lines.append(problems.isEmpty ? "errors: 0" : "PROBLEMS:\n  " + problems.joined(separator: "\n  "))
        Swift.print(lines.joined(separator: "\n   "))
    }

    static func printSummary(_ reports: [TargetReport]) {
        let floor = reports.first { $0.target == .floor }
        Swift.print("\n| target | readings/s | of the floor | Bundles/s | p50 | p99 | max | server CPU/reading | PostgreSQL CPU/reading | client CPU/reading |")
        Swift.print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for report in reports {
            let ratio = floor.map { String(format: "%.2f", report.readingsPerSecond / max($0.readingsPerSecond, 1e-9)) } ?? "–"
            let postgres = report.postgresCPU.map { String(format: "%.0f µs", report.perReading($0)) } ?? "–"
            Swift.print("| \(report.target.rawValue) | " + String(format: "%.0f", report.readingsPerSecond) + " | \(ratio) | "
                + String(format: "%.1f | %.1f ms | %.1f ms | %.1f ms | %.0f µs | ", Double(report.timed.requests) / max(report.wall, 1e-9),
                         report.percentile(0.5) * 1e3, report.percentile(0.99) * 1e3, report.percentile(1) * 1e3, report.perReading(report.serverCPU))
                + postgres + String(format: " | %.0f µs |", report.perReading(report.clientCPU)))
        }
    }
}
