import DBus

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `operation`, failing with `TimedOut` if it takes longer than `seconds`. The bound is a
/// safety net against hangs, not a timing assertion.
func withTimeout<T: Sendable>(_ seconds: Double = 10, _ what: String = "event",
                              _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(what: what)
        }
        guard let first = try await group.next() else { throw TimedOut(what: what) }
        group.cancelAll()
        return first
    }
}
