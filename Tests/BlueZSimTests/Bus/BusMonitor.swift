import TestSupport
import Foundation

/// `dbus-monitor` (a tool nobody here wrote) on the private bus: every message in the order the bus
/// routed it, replies and signals interleaved, which no client API can observe. Each message is
/// reduced to a short label:
/// `PC <path tail> Name=value…` (PropertiesChanged), `IA <path tail>` / `IR <path tail>`
/// (InterfacesAdded/Removed), `signal <member>`, `call <member>`, `reply <member>` and `error <member>`.
final class BusMonitor: Sendable {
    private let process: Process
    let labels: Recorder<String>

    init(address: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dbus-monitor")
        process.arguments = ["--address", address]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        labels = Recorder.start(stream)
        // A plain thread with blocking reads, not `readabilityHandler`: clearing that handler from
        // inside itself at EOF races Foundation's dispatch source against the fd being closed, which
        // crashed the whole test process in libdispatch (`_dispatch_event_loop_drain`) under load.
        let reading = output.fileHandleForReading
        let reader = Thread {
            var parser = MonitorParser()
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(reading.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                for label in parser.feed(Data(buffer[0..<count])) { continuation.yield(label) }
            }
            for label in parser.finish() { continuation.yield(label) }
            continuation.finish()
            withExtendedLifetime(reading) {}
        }
        reader.start()
        try process.run()
    }

    /// Waits until `count` labels satisfying `predicate` have arrived (the monitor is live once it sees its own
    /// NameAcquired, so call `ready()` before acting).
    func wait(for what: String, count: Int = 1, _ predicate: @escaping @Sendable (String) -> Bool) async throws {
        var index = 0, seen = 0
        while let label = try await labels.element(index, within: 10) {
            if predicate(label) { seen += 1 }
            if seen == count { return }
            index += 1
        }
        throw TimedOut(what: what)
    }

    /// Returns once dbus-monitor is eavesdropping.
    func ready() async throws {
        try await wait(for: "dbus-monitor start") { $0 == "signal NameAcquired" || $0 == "signal NameLost" }
    }

    /// Everything received so far.
    var snapshot: [String] { get async { await labels.snapshot } }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// Splits dbus-monitor's text output into messages (a header line, then indented body lines).
struct MonitorParser {
    private var pending = ""
    private var header: String?
    private var body: [String] = []
    private var callMembers: [String: String] = [:]

    mutating func feed(_ data: Data) -> [String] {
        pending += String(decoding: data, as: UTF8.self)
        var labels: [String] = []
        while let newline = pending.firstIndex(of: "\n") {
            let line = String(pending[..<newline])
            pending = String(pending[pending.index(after: newline)...])
            if line.hasPrefix(" ") || line.isEmpty {
                body.append(line)
            } else {
                if let label = flush() { labels.append(label) }
                header = line
            }
        }
        return labels
    }

    mutating func finish() -> [String] { flush().map { [$0] } ?? [] }

    private mutating func flush() -> String? {
        defer { header = nil; body = [] }
        guard let header else { return nil }
        let fields = Self.fields(header)
        if header.hasPrefix("method call") {
            let member = fields["member"] ?? "?"
            if let serial = fields["serial"] { callMembers[serial] = member }
            return "call \(member)"
        }
        if header.hasPrefix("method return") { return "reply \(callMembers[fields["reply_serial"] ?? ""] ?? "?")" }
        if header.hasPrefix("error") { return "error \(callMembers[fields["reply_serial"] ?? ""] ?? "?")" }
        guard header.hasPrefix("signal") else { return nil }
        let member = fields["member"] ?? "?"
        let tail = { (path: String) in String(path.split(separator: "/").last ?? "") }
        switch member {
        case "PropertiesChanged":
            return (["PC \(tail(fields["path"] ?? ""))"] + changedProperties()).joined(separator: " ")
        case "InterfacesAdded", "InterfacesRemoved":
            let path = body.first.flatMap { $0.split(separator: "\"").dropFirst().first.map(String.init) } ?? ""
            return "\(member == "InterfacesAdded" ? "IA" : "IR") \(tail(path))"
        default:
            return "signal \(member)"
        }
    }

    /// `Name=value` for each changed property (value: the variant line's last word, e.g. `true`).
    private func changedProperties() -> [String] {
        var result: [String] = []
        for (index, line) in body.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("string \""), index + 1 < body.count, body[index + 1].contains("variant") else { continue }
            let name = trimmed.dropFirst("string \"".count).dropLast()
            let value = body[index + 1].split(separator: " ").last.map(String.init) ?? ""
            result.append("\(name)=\(value)")
        }
        return result
    }

    /// `key=value` pairs of a header line (`…serial=5 path=/x; interface=y; member=z`).
    private static func fields(_ header: String) -> [String: String] {
        var fields: [String: String] = [:]
        for token in header.split(whereSeparator: { $0 == " " || $0 == ";" }) {
            let parts = token.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }
}
