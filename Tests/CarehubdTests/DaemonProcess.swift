import Foundation
import Testing

/// The built `carehubd` executable run as a child process, its stderr in a file.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let logFile: URL

    static var executable: URL {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            products.appendingPathComponent("carehubd"),
            products.deletingLastPathComponent().appendingPathComponent("carehubd"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/carehubd"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Starts `carehubd arguments` with `DBUS_SYSTEM_BUS_ADDRESS = busAddress` and `environment` added.
    init(_ arguments: [String], busAddress: String, directory: URL, environment extra: [String: String] = [:]) throws {
        logFile = directory.appendingPathComponent("carehubd-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.executableURL = Self.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DBUS_SYSTEM_BUS_ADDRESS"] = busAddress
        environment.removeValue(forKey: "JOURNAL_STREAM")
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        environment.removeValue(forKey: "WATCHDOG_USEC")
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let log = try FileHandle(forWritingTo: logFile)
        process.standardError = log
        process.standardOutput = log
        try process.run()
    }

    /// What the daemon logged so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// SIGTERM, then the exit status (nil: it did not exit within `seconds`; it is killed then).
    func terminate(within seconds: Double = 10) async -> Int32? {
        process.terminate()
        return await exitStatus(within: seconds)
    }

    /// The exit status once the process ends (nil: still running after `seconds`; it is killed then).
    func exitStatus(within seconds: Double) async -> Int32? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    /// Runs `carehubd arguments` to completion (for config checks). Output goes to a file, not a
    /// pipe: a pipe's write end can leak into a child another test spawns at the same moment (a
    /// dbus-daemon or a browser that lives for the whole run), and then reading it to EOF never ends
    /// and holds one of the few cooperative threads for good. Killed after 60 s.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("carehubd-run-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try? handle.close()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let output = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return (process.terminationStatus, output)
    }
}

/// Awaits `condition` becoming true, checking every 50 ms, for at most `seconds` (state in another
/// process has no event this test can subscribe to).
func eventually(_ what: String, within seconds: Double = 20, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out waiting for \(what)")
    throw CancellationError()
}
