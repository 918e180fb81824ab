import TestSupport
import Foundation

/// The `bluez-sim` executable (built next to the test bundle by `swift build --build-tests`) on a
/// private bus, stopped by its pid.
final class SimProcess: @unchecked Sendable {
    private let process: Process

    /// The built executable, next to this test binary.
    static var executable: URL? {
        let here = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [here, here.deletingLastPathComponent(), here.deletingLastPathComponent().deletingLastPathComponent()]
            .map { $0.appendingPathComponent("bluez-sim") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Starts `bluez-sim --scenario FILE --address BUS` and returns once it printed its ready line.
    init(executable: URL, scenario: URL, busAddress: String) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = ["--scenario", scenario.path, "--address", busAddress]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var bytes = Data()
        while !bytes.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            bytes.append(chunk)
        }
        guard String(decoding: bytes, as: UTF8.self).hasPrefix("bluez-sim ready") else {
            stop()
            throw SimProcessError.notReady(String(decoding: bytes, as: UTF8.self))
        }
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}

enum SimProcessError: Error {
    case notReady(String)
}
