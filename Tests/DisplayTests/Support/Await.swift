import Foundation

/// Thrown when an awaited condition did not happen in time.
struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `operation`, failing with `TimedOut` if it takes longer than `seconds`. The deadline is a
/// safety net against hangs, not a measurement.
func withTimeout<T: Sendable>(_ seconds: Double, _ what: String, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(what: what)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimedOut(what: what) }
        return first
    }
}

/// Re-checks an actor-held condition after yielding, until it holds or the deadline passes.
func eventually(_ seconds: Double, _ what: String, _ condition: @escaping @Sendable () async -> Bool) async throws {
    try await withTimeout(seconds, what) {
        while !(await condition()) {
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}
