// Pipeline latency benchmark: bluez-sim (separate process, load mode) → private dbus-daemon →
// BlueZ client → ReadingPipeline (synchronous=FULL commits on the real disk) → DisplayHub subscriber.
// Usage: carehub-pipeline-bench --sim PATH [--count 2000] [--rate 500] [--dir DIR]
import BlueZ
import DBus
import DeviceSessions
import Display
import Foundation
import GatewayStore
import HealthProfiles
import Logging
import ReadingPath
import Readings

func monotonicNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

func cpuMicroseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let user = Double(usage.ru_utime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec)
    let system = Double(usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_stime.tv_usec)
    return user + system
}

/// Voluntary + involuntary context switches of all the process's threads so far.
func contextSwitches() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_nvcsw + usage.ru_nivcsw
}

func statusKB(_ field: String) -> Int {
    let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "") ?? 0
    }
    return 0
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func argument(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    guard let index = args.firstIndex(of: name), index + 1 < args.count else { return fallback }
    return args[index + 1]
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

/// Median and p99 of one bare 4 KiB write + fsync in `directory` (the floor under a FULL commit).
/// With `dataOnly`, fdatasync instead: what SQLite's unix VFS calls to sync the WAL on Linux (it
/// skips the inode's mtime, so on a busy disk it can be much cheaper than fsync).
func fsyncFloor(directory: String, runs: Int = 300, dataOnly: Bool = false) -> (p50: Double, p99: Double) {
    let path = directory + "/fsync-probe"
    let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
    defer { close(fd); unlink(path) }
    let block = [UInt8](repeating: 0xA5, count: 4096)
    var samples: [Double] = []
    for index in 0..<runs {
        _ = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, off_t(index % 16) * 4096) }
        let start = monotonicNanoseconds()
        if dataOnly { fdatasync(fd) } else { fsync(fd) }
        samples.append(Double(monotonicNanoseconds() - start) / 1000)
    }
    samples.sort()
    return (percentile(samples, 0.5), percentile(samples, 0.99))
}

/// A private dbus-daemon on a unix socket in `directory`.
func startBus(directory: String) throws -> (Process, String) {
    let config = directory + "/bus.conf"
    let socket = directory + "/bus"
    try """
    <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
     "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
    <busconfig><type>session</type><listen>unix:path=\(socket)</listen><auth>EXTERNAL</auth>
    <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
    </busconfig>
    """.write(toFile: config, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/dbus-daemon")
    process.arguments = ["--config-file=\(config)", "--nofork", "--nopidfile", "--print-address=1"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    var bytes = Data()
    while !bytes.contains(UInt8(ascii: "\n")) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        bytes.append(chunk)
    }
    return (process, String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}

/// Starts bluez-sim and waits for its "ready" line.
func startSim(path: String, scenario: String, payloads: String, bus: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["--scenario", scenario, "--payloads", payloads, "--address", bus]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    var bytes = Data()
    while !String(decoding: bytes, as: UTF8.self).contains("bluez-sim ready") {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { throw BenchError(description: "bluez-sim exited before ready") }
        bytes.append(chunk)
    }
    return process
}

/// Gives indication `sequence` its own device time (3 h apart, ending now) so every indication is a
/// new reading; bluez-sim's load mode repeats one payload, which would make all but the first a
/// duplicate (no triage, no commit). Only the 7 Date Time bytes change; decoding is untouched.
func restamp(_ payload: [UInt8], sequence: Int, count: Int, now: Date, calendar: Calendar) -> [UInt8] {
    guard payload.count >= 14, payload[0] & 0x02 != 0 else { return payload }
    let instant = now.addingTimeInterval(-Double(count - sequence) * 3 * 3600)
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
    var bytes = payload
    let year = parts.year ?? 2026
    bytes[7] = UInt8(year & 0xFF)
    bytes[8] = UInt8(year >> 8)
    bytes[9] = UInt8(parts.month ?? 1)
    bytes[10] = UInt8(parts.day ?? 1)
    bytes[11] = UInt8(parts.hour ?? 0)
    bytes[12] = UInt8(parts.minute ?? 0)
    bytes[13] = UInt8(parts.second ?? 0)
    return bytes
}

/// The 7 Date Time bytes of every indication, computed before the run so the benchmark's own
/// calendar work is not counted as the pipeline's CPU.
func stamps(count: Int, now: Date, calendar: Calendar) -> [[UInt8]] {
    let template: [UInt8] = [0x02] + [UInt8](repeating: 0, count: 13)
    return (0..<count).map { Array(restamp(template, sequence: $0, count: count, now: now, calendar: calendar)[7..<14]) }
}

/// `payload` with the precomputed Date Time bytes (unchanged when it has no time stamp).
func applying(_ stamp: [UInt8], to payload: [UInt8]) -> [UInt8] {
    guard payload.count >= 14, payload[0] & 0x02 != 0, stamp.count == 7 else { return payload }
    var bytes = payload
    bytes.replaceSubrange(7..<14, with: stamp)
    return bytes
}

/// Resident memory by mapping (from /proc/self/smaps), largest first: what the RSS is made of.
func residentByMapping(limit: Int = 12) -> [(String, Int)] {
    // Read with read(2) until EOF: /proc files report size 0, and a size-based read gets only a part.
    var bytes: [UInt8] = []
    let fd = open("/proc/self/smaps", O_RDONLY)
    if fd >= 0 {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65_536) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        close(fd)
    }
    let text = String(decoding: bytes, as: UTF8.self)
    var totals: [String: Int] = [:]
    var current = "?"
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        if let first = fields.first, first.contains("-"), fields.count >= 5, !first.hasSuffix(":") {
            let name = fields.count >= 6 ? String(fields[5...].joined(separator: " ")) : "[anonymous]"
            current = name.split(separator: "/").last.map(String.init) ?? name
        } else if fields.first == "Rss:", fields.count >= 2, let kb = Int(fields[1]) {
            totals[current, default: 0] += kb
        }
    }
    return totals.sorted { $0.value > $1.value }.prefix(limit).map { ($0.key, $0.value) }
}

func printResident(_ label: String) {
    guard CommandLine.arguments.contains("--rss-detail") else { return }
    let parts = residentByMapping().map { "\($0.0) \($0.1 / 1024).\(($0.1 % 1024) * 10 / 1024) MB" }
    print("  RSS \(label): \(statusKB("VmRSS") / 1024) MB = " + parts.joined(separator: ", "))
}

extension Array where Element == UInt8 {
    init?(hex: String) {
        let digits = Array(hex.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        self = bytes
    }
}

final class Arrivals: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [UInt64] = []
    func add(_ time: UInt64) { lock.withLock { times.append(time) } }
    var all: [UInt64] { lock.withLock { times } }
}

/// Stamps each `.reading` event of `events` until `count` have arrived. A function of its own rather
/// than a closure in `main`: the release build of a closure capturing the stream from `main`'s large
/// async frame crashed in `AsyncStream.Iterator.next` at its first call in some builds (bad pointer
/// 0x18), with CareHub's code not involved (docs/PERFORMANCE.md, "Stale builds").
func stampReadings(of events: AsyncStream<DisplayEvent>, count: Int, into arrivals: Arrivals) -> Task<Void, Never> {
    Task {
        var seen = 0
        for await event in events {
            if case .reading = event {
                arrivals.add(monotonicNanoseconds())
                seen += 1
                if seen == count { break }
            }
        }
    }
}

@main
struct PipelineBench {
    static func main() async throws {
        let count = Int(argument("--count", "2000")) ?? 2000
        let rate = Double(argument("--rate", "500")) ?? 500
        let sim = argument("--sim", "../.build/release/bluez-sim")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let work = argument("--dir", root.appendingPathComponent(".tmp/bench-pipeline-\(getpid())").path)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }

        printResident("at start")
        let floor = fsyncFloor(directory: work)
        let dataFloor = fsyncFloor(directory: work, dataOnly: true)
        let cuff = "AA:BB:CC:DD:EE:01"
        let store = try HubStore.open(path: work + "/gateway.sqlite", logger: Logger(label: "bench.store"))
        let epoch = Date(timeIntervalSince1970: 1_700_000_000)
        try store.saveDevice(StoredDevice(address: cuff, kind: .cuff, pairedAt: epoch, pairedBy: "bench"))
        try store.assign(address: cuff, userIndex: nil, patientID: "bench-patient", at: epoch, by: "bench")
        let hub = DisplayHub(trends: TrendSeries.empty(endingAt: Date()), subscriberBufferSize: count + 16)
        // Device times reach back count × 3 h; accept them all as measurement times.
        let configuration = PipelineConfiguration(maxDeviceTimeAge: Double(count + 1) * 3 * 3600)
        let pipeline = ReadingPipeline(store: store, display: hub, configuration: configuration)
        printResident("with the store open")
        let arrivals = Arrivals()
        let consumer = stampReadings(of: await hub.subscribe(), count: count, into: arrivals)

        if CommandLine.arguments.contains("--direct") {
            // The pipeline alone: the same restamped payloads handed straight to handle(), no bus.
            guard let entry = [UInt8](hex: "06780050005d00ea070b14081e004800") else { return }
            let calendar = { var c = Calendar(identifier: .gregorian); c.timeZone = configuration.timeZone; return c }()
            let dates = stamps(count: count, now: Date(), calendar: calendar)
            var latencies: [Double] = []
            latencies.reserveCapacity(count)
            let cpuStart = cpuMicroseconds()
            // `--batch N`: N values at a time through handle(batch:) (a memory dump of N, one commit);
            // the latency is then per batch.
            let batchSize = max(1, Int(argument("--batch", "1")) ?? 1)
            var sequence = 0
            while sequence < count {
                let start = monotonicNanoseconds()
                let events = (sequence..<min(count, sequence + batchSize)).map { index in
                    MeasurementEvent(
                        deviceAddress: cuff, characteristic: .bloodPressureMeasurement,
                        payload: applying(dates[index], to: entry),
                        receivedAt: Date(), connectionID: 1, device: DeviceIdentity(model: "bench"))
                }
                if batchSize == 1, let event = events.first {
                    _ = await pipeline.handle(event)
                } else {
                    _ = await pipeline.handle(batch: events)
                }
                latencies.append(Double(monotonicNanoseconds() - start) / 1000)
                sequence += events.count
            }
            let cpu = cpuMicroseconds() - cpuStart
            await consumer.value
            latencies.sort()
            print(String(format: "pipeline alone (no bus), %d readings back to back in batches of %d: handle() p50 %.0f µs, p99 %.0f µs per batch; CPU %.1f µs per reading; RSS %d MB",
                         count, batchSize, percentile(latencies, 0.5), percentile(latencies, 0.99), cpu / Double(count), statusKB("VmRSS") / 1024))
            print(String(format: "  bare 4 KiB write+fsync in the same directory: p50 %.0f µs, p99 %.0f µs; +fdatasync: p50 %.0f µs, p99 %.0f µs",
                         floor.p50, floor.p99, dataFloor.p50, dataFloor.p99))
            printResident("after the run")
            return
        }
        let loadLog = work + "/load.log"
        let scenario = work + "/load.json"
        try """
        {"description": "pipeline bench", "peripherals": [{"address": "\(cuff)", "model": "cuff",
          "name": "BLESmart_BENCH", "pairing": {"method": "just-works"}}],
         "load": {"device": "\(cuff)", "count": \(count), "rateHz": \(rate), "logFile": "\(loadLog)",
                  "reading": {"fixture": "sim-bp-1"}, "startOnSubscribe": true}}
        """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let (bus, address) = try startBus(directory: work)
        let simProcess = try startSim(path: sim, scenario: scenario, payloads: root.appendingPathComponent("fixtures/payloads").path, bus: address)
        defer {
            kill(simProcess.processIdentifier, SIGTERM)
            kill(bus.processIdentifier, SIGKILL)
        }

        let client = try await BlueZDBusClient.connect(address: address)
        try await client.start()
        let adapter: ObjectPath = "/org/bluez/hci0"
        try await client.setDiscoveryFilter(adapter: adapter, DiscoveryFilter(uuids: [.bloodPressureService]))
        try await client.startDiscovery(adapter: adapter)
        let device = try await client.waitForDevice(address: cuff, timeout: .seconds(10))
        try await client.connect(device: device.path)
        _ = try await client.waitForServicesResolved(device: device.path, timeout: .seconds(10))
        let measurement = try await client.waitForCharacteristic(device: device.path, uuid: .bloodPressureMeasurement, timeout: .seconds(5))
        let values = client.values(of: measurement.path)
        let calendar = { var c = Calendar(identifier: .gregorian); c.timeZone = configuration.timeZone; return c }()
        let dates = stamps(count: count, now: Date(), calendar: calendar)
        // As the device sessions do (DeviceManager+Routing.swift): every value goes into the device's
        // inbox; the consumer hands the pipeline everything waiting at once (`handle(batch:)`, one
        // commit). `--one-by-one`: the earlier path, `handle(_:)` awaited per value (one commit each).
        let oneByOne = CommandLine.arguments.contains("--one-by-one")
        let inbox = DeviceInbox()
        // When each value came out of the bus client's stream (after the libdbus driver thread and
        // the stream's hand-off), to split the latency into bus side and pipeline side.
        let readerArrivals = Arrivals()
        let reader = Task {
            var sequence = 0
            for await value in values {
                readerArrivals.add(monotonicNanoseconds())
                inbox.yield(MeasurementEvent(
                    deviceAddress: cuff, characteristic: .bloodPressureMeasurement,
                    payload: applying(dates[sequence], to: value),
                    receivedAt: Date(), connectionID: 1, device: DeviceIdentity(model: "bench")))
                sequence += 1
                if sequence == count { break }
            }
            inbox.finish()
        }
        let glue = Task {
            var stored = 0
            var commits = 0
            while let events = await inbox.next() {
                let outcomes: [MeasurementOutcome]
                if oneByOne {
                    var each: [MeasurementOutcome] = []
                    for event in events { each.append(await pipeline.handle(event)); commits += 1 }
                    outcomes = each
                } else {
                    outcomes = events.count == 1 ? [await pipeline.handle(events[0])] : await pipeline.handle(batch: events)
                    commits += 1
                }
                stored += outcomes.filter { if case .stored = $0 { true } else { false } }.count
            }
            return (stored, commits)
        }
        printResident("before the first indication")
        let rssBefore = statusKB("VmRSS")
        let cpuStart = cpuMicroseconds()
        let switchesStart = contextSwitches()
        try await client.startNotify(characteristic: measurement.path)
        let (stored, commits) = await glue.value
        await reader.value
        await consumer.value
        let cpu = cpuMicroseconds() - cpuStart
        let switches = contextSwitches() - switchesStart
        let rss = statusKB("VmRSS")
        let hwm = statusKB("VmHWM")

        let sends = try String(contentsOfFile: loadLog, encoding: .utf8).split(separator: "\n").compactMap { line -> UInt64? in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? UInt64(parts[1]) : nil
        }
        let received = arrivals.all
        guard sends.count == count, received.count == count else {
            throw BenchError(description: "sends \(sends.count), display events \(received.count), expected \(count)")
        }
        var latencies = zip(sends, received).map { Double(Int64($1) - Int64($0)) / 1000 }
        latencies.sort()
        let span = Double(received[count - 1] - sends[0]) / 1e9
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print("pipeline latency: \(count) indications at \(Int(rate))/s, \(stored) stored (synchronous=FULL) in \(commits) commits (\(oneByOne ? "one by one" : "group commit")), run \(String(format: "%.2f", span)) s")
        print(String(format: "  latency indication→display event: p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs",
                     percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99), latencies.last ?? 0))
        let read = readerArrivals.all
        if read.count == count {
            // Split: send stamp → out of the client's stream (sim, dbus-daemon, libdbus driver thread,
            // stream hand-off) and → display event (inbox, pipeline, commit, hub). For the slowest 1 %
            // as well, to see on which side a stall sat.
            let busSide = (0..<count).map { Double(Int64(read[$0]) - Int64(sends[$0])) / 1000 }
            let pipelineSide = (0..<count).map { Double(Int64(received[$0]) - Int64(read[$0])) / 1000 }
            let total = (0..<count).map { Int64(received[$0]) - Int64(sends[$0]) }
            let slowest = (0..<count).sorted { total[$0] > total[$1] }.prefix(max(1, count / 100))
            let sendGaps = (1..<count).map { Double(Int64(sends[$0]) - Int64(sends[$0 - 1])) / 1000 }
            print(String(format: "  bus side (send → client stream) p50 %.0f µs, p99 %.0f µs; pipeline side (→ display event) p50 %.0f µs, p99 %.0f µs",
                         percentile(busSide.sorted(), 0.5), percentile(busSide.sorted(), 0.99),
                         percentile(pipelineSide.sorted(), 0.5), percentile(pipelineSide.sorted(), 0.99)))
            print(String(format: "  slowest 1 %%: bus side median %.0f µs, max %.0f µs; pipeline side median %.0f µs, max %.0f µs; largest gap between sends %.0f µs",
                         percentile(slowest.map { busSide[$0] }.sorted(), 0.5), slowest.map { busSide[$0] }.max() ?? 0,
                         percentile(slowest.map { pipelineSide[$0] }.sorted(), 0.5), slowest.map { pipelineSide[$0] }.max() ?? 0,
                         sendGaps.max() ?? 0))
        }
        print(String(format: "  bare 4 KiB write+fsync on the same disk: p50 %.0f µs, p99 %.0f µs; +fdatasync: p50 %.0f µs, p99 %.0f µs",
                     floor.p50, floor.p99, dataFloor.p50, dataFloor.p99))
        print(String(format: "  CPU (user+sys, whole process) per reading: %.1f µs; context switches per reading (all threads): %.1f",
                     cpu / Double(count), Double(switches) / Double(count)))
        print("  RSS: \(rssBefore / 1024) MB before the run, \(rss / 1024) MB after (\(rss) kB), peak \(hwm / 1024) MB")
        print("  load average before/after: \(load); cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        printResident("after the run")
        await client.stop()
    }
}
