// Forwarding throughput: COUNT readings queued in a real SQLite outbox (synchronous=FULL), drained
// by the Forwarder to a loopback FHIR store (a child process: Hummingbird, conditional create).
// Usage: carehub-forward-bench [--count 50000] [--batch 100] [--builder fhir|fhir-node|text|serialization]
//        [--stored rendered|legacy] [--store full|scan] [--dir DIR]
//        carehub-forward-bench --mapping 20000   (commit-time mapping + stored text per reading, no store)
// `fhir` is carehubd's own: the PHD IG entries each reading got at its commit (made here with the FHIR
// target as the pipeline makes them), put in transactions by Gateway's ForwardingBundles.
// Reports readings/s and the hub's CPU per reading (getrusage SELF; the store's is CHILDREN).
import FHIR
import Forwarding
import Foundation
import Gateway
import GatewayStore
import HealthProfiles
import Logging

func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func cpuSeconds(_ who: Int32) -> Double {
    var usage = rusage()
    getrusage(who, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func argument(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    guard let index = args.firstIndex(of: name), index + 1 < args.count else { return fallback }
    return args[index + 1]
}

struct BenchError: Error, CustomStringConvertible { var description: String }

let system = "urn:carehub:bench:reading"

/// Stand-ins for the FHIR mapping (one conditional-create Observation per reading; the real
/// mapping's cost is the FHIR target's): `serialization` builds dictionaries for JSONSerialization,
/// `text` writes the JSON directly (what the forwarder itself costs shows with this one).
let serializationBuilder = BundleBuilder { items in
    let timestamps = ISO8601DateFormatter()
    var entries: [[String: Any]] = []
    entries.reserveCapacity(items.count)
    for item in items {
        guard let ids = try? JSONSerialization.jsonObject(with: Data(item.identifiersJSON.utf8)) as? [String: String],
              let value = ids["Observation"] else { throw UnmappableReading(id: item.id, reason: "no identifier") }
        let reading = item.stored.reading
        entries.append([
            "resource": [
                "resourceType": "Observation", "status": "final",
                "identifier": [["system": system, "value": value]],
                "subject": ["reference": "Patient/\(reading.patientID)"],
                "effectiveDateTime": timestamps.string(from: reading.effectiveAt),
                "component": [
                    ["valueQuantity": ["value": reading.systolic ?? 0, "unit": "mmHg"]],
                    ["valueQuantity": ["value": reading.diastolic ?? 0, "unit": "mmHg"]],
                ],
            ] as [String: Any],
            "request": ["method": "POST", "url": "Observation", "ifNoneExist": "identifier=\(system)|\(value)"],
        ])
    }
    let bundle: [String: Any] = ["resourceType": "Bundle", "type": "transaction", "entry": entries]
    return TransactionBundle(body: Array(try JSONSerialization.data(withJSONObject: bundle)), entryCount: entries.count)
}

/// A JSON string literal (quotes, backslashes and controls escaped).
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

let textBuilder = BundleBuilder { items in
    let timestamps = ISO8601DateFormatter()
    var json = #"{"resourceType":"Bundle","type":"transaction","entry":["#
    for (index, item) in items.enumerated() {
        guard let ids = try? JSONDecoder().decode([String: String].self, from: Data(item.identifiersJSON.utf8)),
              let value = ids["Observation"] else { throw UnmappableReading(id: item.id, reason: "no identifier") }
        let reading = item.stored.reading
        let identifier = jsonString(value), condition = jsonString("identifier=\(system)|\(value)")
        if index > 0 { json += "," }
        json += #"{"resource":{"resourceType":"Observation","status":"final","identifier":[{"system":"\#(system)","value":\#(identifier)}],"#
        json += #""subject":{"reference":\#(jsonString("Patient/" + reading.patientID))},"#
        json += #""effectiveDateTime":"\#(timestamps.string(from: reading.effectiveAt))","#
        json += #""component":[{"valueQuantity":{"value":\#(reading.systolic ?? 0),"unit":"mmHg"}},"#
        json += #"{"valueQuantity":{"value":\#(reading.diastolic ?? 0),"unit":"mmHg"}}]},"#
        json += #""request":{"method":"POST","url":"Observation","ifNoneExist":\#(condition)}}"#
    }
    json += "]}"
    return TransactionBundle(body: Array(json.utf8), entryCount: items.count)
}

/// The stored form carehubd writes at commit (ReadingPath's ForwardedResources.Stored: the same keys):
/// the entries rendered to text (`rendered`), or, with `--stored legacy`, as JSON objects (`entries`),
/// the form rows committed before the rendered one have (the forwarder renders those when it sends).
struct StoredResources: Codable {
    var identifiers: ReadingIdentifiers
    var rendered: [RenderedEntry]?
    var entries: [FHIRBundle.Entry]?
}

let legacyStored = argument("--stored", "rendered") == "legacy"

/// A cuff reading as the pipeline maps it at commit (green: no DetectedIssue).
func mapped(_ n: Int, at: Date, phdIdentifier: String) throws -> (ReadingIdentifiers, [FHIRBundle.Entry]) {
    let systolic = UInt16(100 + n % 60)
    // Blood pressure in mmHg with pulse, no time stamp: SFLOAT systolic, 80, 93, pulse 72.
    let payload: [UInt8] = [0x04, UInt8(systolic & 0xFF), 0x00, 0x50, 0x00, 0x5D, 0x00, 0x48, 0x00]
    let input = ReadingInput(
        measurement: try decode(.bloodPressureMeasurement, payload), patientID: "pat-0001",
        device: PhdDeviceInfo(address: "A4:C1:38:00:00:01", manufacturer: "Bench", modelNumber: "BP-1"),
        hub: HubInfo(bluetoothAddress: "", systemID: "3D1219C7C4C5404A", modelNumber: "CareHub hub"),
        effective: ZonedTime(date: at, utcOffsetSeconds: 3600))
    let identifiers = try PhdMapping.identifiers(for: input, phdIdentifier: phdIdentifier)
    return (identifiers, try PhdMapping.entries(for: input, identifiers: identifiers))
}

/// A cuff reading's forwarded resources as the pipeline stores them at commit.
func fhirResources(_ n: Int, at: Date, phdIdentifier: String) throws -> String {
    let (identifiers, entries) = try mapped(n, at: at, phdIdentifier: phdIdentifier)
    if legacyStored { return try FHIRJSON.encode(StoredResources(identifiers: identifiers, entries: entries)) }
    return try FHIRJSON.encode(StoredResources(identifiers: identifiers, rendered: try entries.map(RenderedEntry.init)))
}

/// `fhir-node`: what carehubd's builder did before the entries were rendered at commit (with
/// `--stored legacy`): decode each row's entries, assemble the Bundle, encode it through the node
/// tree. The "before" of docs/PERFORMANCE.md, measured in the same build and run as the rest.
func nodeTreeBuilder(timeZone: TimeZone) -> BundleBuilder {
    BundleBuilder { items in
        let readings = try items.map { item in
            guard let entries = try FHIRJSON.decode(StoredResources.self, from: item.identifiersJSON).entries else {
                throw UnmappableReading(id: item.id, reason: "no entries in the older form")
            }
            return entries
        }
        let time = Date()
        let bundle = FHIR.TransactionBundle(
            readings: readings, uploadTime: ZonedTime(date: time, utcOffsetSeconds: timeZone.secondsFromGMT(for: time)))
        return Forwarding.TransactionBundle(
            body: Array(try FHIRJSON.node(bundle.bundle).rendered(pretty: false).utf8), entryCount: bundle.bundle.entry?.count ?? 0)
    }
}

/// `--mapping N`: the commit-time cost of the forwarded resources per reading, with no store:
/// the mapping alone, then the mapping and the stored text made the ways the hub has made it.
func mappingBench(_ count: Int) throws {
    let base = Date(timeIntervalSince1970: 1_795_000_000)
    func perReading(_ name: String, _ body: (Int, Date, String) throws -> Int) rethrows {
        var bytes = 0
        let cpu0 = cpuSeconds(RUSAGE_SELF.rawValue)
        for n in 0..<count {
            bytes += try body(n, base.addingTimeInterval(Double(n)), "A4C138000001-pat-0001-150020-\(n)")
        }
        let cpu = cpuSeconds(RUSAGE_SELF.rawValue) - cpu0
        print("\(name): \(String(format: "%.1f", cpu * 1e6 / Double(count))) µs per reading (\(bytes / count) bytes stored)")
    }
    try perReading("mapping only") { n, at, id in try mapped(n, at: at, phdIdentifier: id).1.count }
    try perReading("mapping + entries as objects, through the node tree (before)") { n, at, id in
        let (identifiers, entries) = try mapped(n, at: at, phdIdentifier: id)
        return try FHIRJSON.node(StoredResources(identifiers: identifiers, entries: entries)).rendered(pretty: false).utf8.count
    }
    try perReading("mapping + entries as objects, written as text") { n, at, id in
        let (identifiers, entries) = try mapped(n, at: at, phdIdentifier: id)
        return try FHIRJSON.encode(StoredResources(identifiers: identifiers, entries: entries)).utf8.count
    }
    try perReading("mapping + entries rendered (what the pipeline stores now)") { n, at, id in
        let (identifiers, entries) = try mapped(n, at: at, phdIdentifier: id)
        return try FHIRJSON.encode(StoredResources(identifiers: identifiers, rendered: try entries.map(RenderedEntry.init))).utf8.count
    }
}

func queue(_ store: HubStore, count: Int, fhir: Bool) throws {
    let base = Date(timeIntervalSince1970: 1_795_000_000)
    let assessment = NewAssessment(
        colour: .green, ruleIDs: ["B1"], parametersJSON: "{}", observationsJSON: "{}", rulesetVersion: "bench",
        textSV: "Bra", textEN: "Good", priority: .none, newAlert: false)
    var index = 0
    while index < count {
        let chunk = try (index..<min(count, index + 1000)).map { n in
            let at = base.addingTimeInterval(Double(n))
            let identifier = "A4C138000001-pat-0001-150020-\(n)"
            return PendingReading(
                reading: NewReading(
                    deviceAddress: "A4:C1:38:00:00:01", userIndex: 1, patientID: "pat-0001", characteristic: "2A35",
                    kind: .bloodPressure, systolic: Double(100 + n % 60), diastolic: 80, pressureUnit: "mmHg",
                    raw: [0x1C, UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF)], deviceTime: nil,
                    receivedAt: at, effectiveAt: at, phdIdentifier: identifier, connectionID: "bench-\(n)"),
                assessment: assessment,
                identifiersJSON: fhir ? try fhirResources(n, at: at, phdIdentifier: identifier) : #"{"Observation":"\#(identifier)"}"#)
        }
        _ = try store.commit(batch: chunk)
        index += chunk.count
    }
}

if CommandLine.arguments.contains("--serve") {
    try await serve(scanning: CommandLine.arguments.contains("--scan"))
    exit(0)
}
if CommandLine.arguments.contains("--mapping") {
    try mappingBench(Int(argument("--mapping", "20000")) ?? 20_000)
    exit(0)
}
let count = Int(argument("--count", "50000")) ?? 50_000
let batch = Int(argument("--batch", "100")) ?? 100
let builderName = argument("--builder", "fhir")
let storeKind = argument("--store", "full")
guard ["full", "scan"].contains(storeKind) else { throw BenchError(description: "--store full|scan") }
let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .current
guard let builder = ["fhir": ForwardingBundles.builder(timeZone: stockholm), "text": textBuilder,
                     "serialization": serializationBuilder, "fhir-node": nodeTreeBuilder(timeZone: stockholm)][builderName] else {
    throw BenchError(description: "--builder fhir|fhir-node|text|serialization")
}
if builderName == "fhir-node", !legacyStored { throw BenchError(description: "--builder fhir-node needs --stored legacy") }
let parent = argument("--dir", FileManager.default.temporaryDirectory.path)
let directory = URL(fileURLWithPath: parent).appendingPathComponent("carehub-forward-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

var quiet = Logger(label: "bench")
quiet.logLevel = .warning
let store = try HubStore.open(path: directory.appendingPathComponent("carehub.db").path, logger: quiet)
let queued = monotonicSeconds()
try queue(store, count: count, fhir: builderName.hasPrefix("fhir"))
print("queued \(count) readings in \(String(format: "%.1f", monotonicSeconds() - queued)) s")

// The store, as a child process. `swift run` execs this binary, so RUSAGE_CHILDREN already holds
// the build's processes: only the difference is the store's.
let childrenCPU0 = cpuSeconds(RUSAGE_CHILDREN.rawValue)
let child = Process()
child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
child.arguments = storeKind == "scan" ? ["--serve", "--scan"] : ["--serve"]
let input = Pipe(), output = Pipe()
child.standardInput = input
child.standardOutput = output
try child.run()
var line = ""
while !line.hasSuffix("\n") {
    let byte = output.fileHandleForReading.readData(ofLength: 1)
    guard !byte.isEmpty else { throw BenchError(description: "the store did not start") }
    line += String(decoding: byte, as: UTF8.self)
}
guard let port = Int(line.dropFirst("port ".count).dropLast()) else { throw BenchError(description: "no port: \(line)") }

let forwarder = try Forwarder(
    configuration: ForwardingConfiguration(url: "http://127.0.0.1:\(port)/fhir", batchSize: batch),
    store: store, builder: builder, wakeup: ForwarderWakeup(), logger: quiet, environment: [:])
let cpu0 = cpuSeconds(RUSAGE_SELF.rawValue), wall0 = monotonicSeconds()
let running = Task { try await forwarder.run() }
var sent = 0
for await event in forwarder.events {
    switch event {
    case .sent(let ids): sent += ids.count
    case .retrying(let reason, _): throw BenchError(description: "retrying: \(reason)")
    case .deadLettered(let id, let reason): throw BenchError(description: "dead letter \(id): \(reason)")
    case .idle: break
    }
    if sent >= count { break }
}
let wall = monotonicSeconds() - wall0, cpu = cpuSeconds(RUSAGE_SELF.rawValue) - cpu0
running.cancel()
_ = await running.result

try input.fileHandleForWriting.close()
// The store's last line: how many distinct resources it holds, and how many it created twice.
let tally = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    .trimmingCharacters(in: .whitespacesAndNewlines)
child.waitUntilExit()
let serverCPU = cpuSeconds(RUSAGE_CHILDREN.rawValue) - childrenCPU0
let status = try forwarder.status()
print("""
    forwarded \(sent) readings in batches of \(batch) (\(builderName) builder\(builderName.hasPrefix("fhir") ? legacyStored ? ", legacy rows" : ", rendered rows" : "")): \(String(format: "%.2f", wall)) s, \
    \(String(format: "%.0f", Double(sent) / wall)) readings/s
    hub CPU: \(String(format: "%.1f", cpu * 1e6 / Double(sent))) µs per reading \
    (\(String(format: "%.0f", 100 * cpu / wall)) % of one core); \
    store (child, \(storeKind) parse) CPU: \(String(format: "%.1f", serverCPU * 1e6 / Double(sent))) µs per reading
    store holds (distinct, created more than once): \(tally); queue depth now \(status.depth)
    """)
try store.close()
try? FileManager.default.removeItem(at: directory)
