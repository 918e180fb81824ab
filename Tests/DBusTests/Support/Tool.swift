import TestSupport
import Foundation

/// Runs an external tool (dbus-send, gdbus) and returns its exit status, stdout and stderr, awaiting
/// its exit without blocking a thread of the cooperative pool.
struct ToolResult: Sendable {
    let status: Int32
    let output: String
    let error: String
}

func runTool(_ path: String, _ arguments: [String]) async throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    // Each pipe is drained by a plain thread with blocking reads (both at once, so a tool that fills
    // one pipe cannot stall on the other). Not `readabilityHandler`: tearing its dispatch source down
    // around EOF crashed libdispatch in a sibling helper under load.
    let outData = DataCollector()
    let errData = DataCollector()
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
            // Never started: close our copies of the write ends so the reader threads see EOF.
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

private final class DataCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ chunk: Data) { lock.lock(); data.append(chunk); lock.unlock() }
    var string: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}
