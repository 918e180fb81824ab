import Foundation

/// Runs the built `carehub` executable (it sits next to the test bundle in the build products directory).
struct CarehubProcess {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var executable: URL {
        let productsDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            productsDirectory.appendingPathComponent("carehub"),
            productsDirectory.deletingLastPathComponent().appendingPathComponent("carehub"),
            Bundle.main.bundleURL.appendingPathComponent("carehub"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/carehub"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Output goes to files, not pipes: a pipe's write end can leak into a child another test
    /// spawns at the same moment (a dbus-daemon that lives for the whole run), and then reading it to
    /// EOF never ends. Killed after 120 s.
    static func run(_ arguments: [String]) throws -> Output {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-run-\(UUID().uuidString)")
        let outFile = base.appendingPathExtension("out")
        let errFile = base.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        let out = try FileHandle(forWritingTo: outFile)
        let err = try FileHandle(forWritingTo: errFile)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        try process.run()
        try? out.close()
        try? err.close()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }
}
