// Store ingest (issue 12 item 6): 200 simulated hubs POST transaction Bundles of real PHD content
// (the FHIR target's mapping, as carehubd makes them) to a release `carehub-store serve` on loopback,
// each sending its next Bundle when the previous is answered, on SQLite and on PostgreSQL (a private
// cluster, fsync on); with `--floor`, first the same client against an endpoint that stores nothing.
// Usage: carehub-store-bench [--readings 50000] [--batch 20] [--hubs 200] [--warm-up 1]
//        [--resend-percent 1] [--databases sqlite,postgres] [--floor] [--connections 8]
//        [--store PATH] [--dir DIR]
// Reports readings/s, Bundles/s, Bundle latency, CPU per reading (store, PostgreSQL, client) and
// checks that the store holds exactly what was sent. Exits 1 on any error or count mismatch.
import Foundation

func argument(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    guard let index = args.firstIndex(of: name), index + 1 < args.count else { return fallback }
    return args[index + 1]
}

if CommandLine.arguments.contains("--serve-floor") {
    try await serveFloor(port: Int(argument("--serve-floor", "")) ?? 0)
    exit(0)
}

let options = BenchOptions(
    readings: Int(argument("--readings", "50000")) ?? 50_000,
    batch: Int(argument("--batch", "20")) ?? 20,
    hubs: Int(argument("--hubs", "200")) ?? 200,
    warmUpBundles: Int(argument("--warm-up", "1")) ?? 1,
    resendEvery: max(1, Int((100 / (Double(argument("--resend-percent", "1")) ?? 1)).rounded())),
    connections: Int(argument("--connections", "8")) ?? 8)
let targets = (CommandLine.arguments.contains("--floor") ? [Target.floor] : [])
    + argument("--databases", "sqlite,postgres").split(separator: ",").compactMap { Target(rawValue: String($0)) }
let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
let storeBinary = argument("--store", own.deletingLastPathComponent().appendingPathComponent("carehub-store").path)
guard options.readings > 0, options.batch > 0, options.hubs > 0, !targets.isEmpty else {
    throw BenchError("--readings, --batch, --hubs must be positive; --databases sqlite,postgres and/or --floor")
}
guard FileManager.default.isExecutableFile(atPath: storeBinary) || targets == [.floor] else {
    throw BenchError("no carehub-store at \(storeBinary) (build it: swift build -c release --product carehub-store, or pass --store)")
}

let parent = URL(fileURLWithPath: argument("--dir", FileManager.default.temporaryDirectory.path))
let directory = parent.appendingPathComponent("carehub-store-bench-\(UUID().uuidString.prefix(8))")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

print("carehub-store-bench: \(options.hubs) hubs, \(options.readings) readings in Bundles of \(options.batch), "
    + "\(options.warmUpBundles) warm-up Bundle(s) per hub, 1 Bundle in \(options.resendEvery) re-sent; "
    + "\(ProcessInfo.processInfo.activeProcessorCount) cores; load average \(loadAverage())")
let made = monotonicSeconds()
let (plans, expected) = try await BenchPlan.make(options)
let bytes = plans.flatMap { $0.timed }.reduce(0) { $0 + $1.body.readableBytes }
let timedBundles = plans.reduce(0) { $0 + $1.timed.count }
print(String(format: "Bundles made with the FHIR target in %.1f s: %d timed, %.1f KB each on average; expected %d Observations, %d DetectedIssues, %d Devices",
             monotonicSeconds() - made, timedBundles, Double(bytes) / Double(max(timedBundles, 1)) / 1024,
             expected.observations.count, expected.detectedIssues.count, expected.devices.count))

var reports: [TargetReport] = []
var failed = false
for target in targets {
    let report = try await BenchRun(target: target, options: options, store: storeBinary, directory: directory)
        .run(plans: plans, expected: expected)
    report.print()
    failed = failed || !report.problems.isEmpty
    reports.append(report)
}
TargetReport.printSummary(reports)
try? FileManager.default.removeItem(at: directory)
if failed {
    print("FAILED: see the problems above")
    exit(1)
}
