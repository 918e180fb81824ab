import Foundation
import TestSupport

/// The built `carehub` running as a child process, awaited without blocking the cooperative pool:
/// stdout and stderr are drained by plain threads, stdin is a pipe the test writes to, and a test
/// can await a piece of output (e.g. a prompt) before answering or interrupting.
final class RunningCarehub: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private var waiters: [(String, CheckedContinuation<Void, Never>)] = []
    private let drained = DispatchGroup()
    private let exited = DispatchGroup()

    /// Starts `carehub arguments` with `environment` added to the test's own.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        // A write to the stdin of a process that already exited must fail, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = CarehubProcess.executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["CAREHUB_LOG_LEVEL"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = input
        for (pipe, isOut) in [(outPipe, true), (errPipe, false)] {
            drained.enter()
            let handle = pipe.fileHandleForReading
            Thread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    append(chunk, toOut: isOut)
                }
                drained.leave()
            }.start()
        }
        exited.enter()
        process.terminationHandler = { [exited] _ in exited.leave() }
        do {
            try process.run()
        } catch {
            try? outPipe.fileHandleForWriting.close()
            try? errPipe.fileHandleForWriting.close()
            exited.leave()
            throw error
        }
    }

    private func append(_ chunk: Data, toOut: Bool) {
        lock.withLock {
            if toOut { out.append(chunk) } else { err.append(chunk) }
            let text = String(decoding: out, as: UTF8.self) + String(decoding: err, as: UTF8.self)
            let ready = waiters.filter { text.contains($0.0) }
            waiters.removeAll { text.contains($0.0) }
            for waiter in ready { waiter.1.resume() }
        }
    }

    /// stdout so far.
    var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    /// stderr so far.
    var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    /// Returns once stdout or stderr contains `text` (a safety timeout, not a timing assertion).
    func waitFor(_ text: String, timeout seconds: Double = 30) async throws {
        try await withTimeout(seconds, "carehub to print '\(text)' (stdout: \(stdout), stderr: \(stderr))") {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                self.lock.withLock {
                    let now = String(decoding: self.out, as: UTF8.self) + String(decoding: self.err, as: UTF8.self)
                    if now.contains(text) { continuation.resume() } else { self.waiters.append((text, continuation)) }
                }
            }
        }
    }

    /// Writes a line to the process's stdin.
    func type(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Closes stdin (end of input).
    func closeInput() throws {
        try input.fileHandleForWriting.close()
    }

    /// Sends SIGINT, as Ctrl-C does.
    func interrupt() {
        kill(process.processIdentifier, SIGINT)
    }

    /// Awaits the exit and the end of both outputs.
    func finish(timeout seconds: Double = 120) async throws -> CarehubProcess.Output {
        try? closeInput()
        let group = (exited, drained)
        try await withTimeout(seconds, "carehub to exit (stdout: \(stdout), stderr: \(stderr))") {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                group.0.notify(queue: .global()) {
                    group.1.notify(queue: .global()) { continuation.resume() }
                }
            }
        }
        return CarehubProcess.Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// Runs `carehub arguments` to the end, `stdin` fed at once.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: [String] = [],
                    timeout: Double = 120) async throws -> CarehubProcess.Output {
        let running = try RunningCarehub(arguments, environment: environment)
        for line in stdin { try running.type(line) }
        return try await running.finish(timeout: timeout)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
