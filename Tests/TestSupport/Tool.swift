import Foundation

/// Runs an external tool (gdbus, dbus-send, setpriv) and returns its exit status, stdout and
/// stderr, awaiting its exit without blocking a thread of the cooperative pool.
public struct ToolResult: Sendable {
    public let status: Int32
    public let output: String
    public let error: String
}

public func runTool(_ path: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    // Each pipe is drained by a plain thread with blocking reads (as in DBusTests' Tool.swift:
    // readabilityHandler crashed libdispatch under load).
    let outData = ToolOutput()
    let errData = ToolOutput()
    let drained = DispatchGroup()
    for (pipe, collector) in [(out, outData), (err, errData)] {
        drained.enter()
        let reading = pipe.fileHandleForReading
        Thread {
            collector.append(reading.readDataToEndOfFile())
            drained.leave()
        }.start()
    }
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
        process.terminationHandler = { _ in continuation.resume() }
        do { try process.run() } catch {
            try? out.fileHandleForWriting.close()
            try? err.fileHandleForWriting.close()
            continuation.resume(throwing: error)
        }
    }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        drained.notify(queue: .global()) { continuation.resume() }
    }
    return ToolResult(status: process.terminationStatus, output: outData.string, error: errData.string)
}

private final class ToolOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ chunk: Data) { lock.lock(); data.append(chunk); lock.unlock() }
    var string: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}
