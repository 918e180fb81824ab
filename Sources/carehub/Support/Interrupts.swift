import Dispatch
import Foundation

/// Ctrl-C handling: the operation is cancelled (structured cancellation), given a moment to tidy up
/// (stop discovery, cancel pairing), and the command then ends with status 130. A second Ctrl-C, or
/// an operation that does not end within the grace period, exits at once.
enum Interrupts {
    /// Exit status after an interrupt (128 + SIGINT), as shells report it.
    static let exitStatus: Int32 = 130

    /// Runs `operation`; returns nil when SIGINT or SIGTERM cancelled it.
    static func run<T: Sendable>(
        grace: Duration = .seconds(3), _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T? {
        let task = Task { try await operation() }
        let state = InterruptState()
        var sources: [DispatchSourceSignal] = []
        for signo in [SIGINT, SIGTERM] {
            // Ignore the default action (termination) and receive the signal as an event instead.
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler {
                if state.interrupt() {
                    task.cancel()
                    Task {
                        try? await Task.sleep(for: grace)
                        exit(exitStatus)
                    }
                } else {
                    exit(exitStatus)
                }
            }
            source.resume()
            sources.append(source)
        }
        defer { for source in sources { source.cancel() } }
        do {
            let value = try await task.value
            return state.interrupted ? nil : value
        } catch {
            if state.interrupted { return nil }
            throw error
        }
    }

    /// Unblocks SIGINT and SIGTERM in this thread (a parent, e.g. a test runner, may have left them
    /// blocked and threads inherit the mask). Call first thing in `main`.
    static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}

private final class InterruptState: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Records an interrupt; true for the first.
    func interrupt() -> Bool {
        lock.withLock {
            count += 1
            return count == 1
        }
    }

    var interrupted: Bool { lock.withLock { count > 0 } }
}
