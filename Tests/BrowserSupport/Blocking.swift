import Foundation

/// Runs blocking work (socket reads, waitpid) on its own thread, so it never occupies one of the
/// few cooperative threads the server and the hub need.
public func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}
