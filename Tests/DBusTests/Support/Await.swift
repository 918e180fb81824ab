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

/// The next element of `stream` satisfying `predicate`, within `seconds`.
func next<S: AsyncSequence & Sendable>(_ stream: S, _ what: String = "element", timeout seconds: Double = 10,
                                       where predicate: @escaping @Sendable (S.Element) -> Bool = { _ in true })
    async throws -> S.Element? where S.Element: Sendable {
    try await withTimeout(seconds, what) {
        for try await element in stream where predicate(element) { return element }
        return nil
    }
}

/// Collects elements of the stream until it ends, within `seconds`.
func drain<S: AsyncSequence & Sendable>(_ stream: S, timeout seconds: Double = 10) async throws -> [S.Element]
    where S.Element: Sendable {
    try await withTimeout(seconds, "end of stream") {
        var all: [S.Element] = []
        for try await element in stream { all.append(element) }
        return all
    }
}
