import Foundation

/// Reads lines from stdin (the terminal, or whatever is piped in) without blocking the async
/// runtime: each read runs on its own thread. A cancelled wait returns nil at once; its line, if
/// one comes later, is dropped.
enum LineReader {
    /// The next line without its newline; nil at end of input or when the task is cancelled.
    static func next() async -> String? {
        let once = OnceContinuation()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                once.set(continuation)
                let thread = Thread {
                    once.resume(readLine(strippingNewline: true))
                }
                thread.start()
            }
        } onCancel: {
            once.resume(nil)
        }
    }
}

/// Resumes a continuation once, whichever of the reader and the cancellation comes first.
private final class OnceContinuation: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<String?, Never>?
    private var result: String??

    func set(_ continuation: CheckedContinuation<String?, Never>) {
        lock.withLock {
            if let result {
                continuation.resume(returning: result)
            } else {
                self.continuation = continuation
            }
        }
    }

    func resume(_ value: String?) {
        lock.withLock {
            guard result == nil else { return }
            result = .some(value)
            continuation?.resume(returning: value)
            continuation = nil
        }
    }
}
