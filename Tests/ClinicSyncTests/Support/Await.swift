import Foundation

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `operation`, failing with `TimedOut` after `seconds`: a safety net against hangs, not a
/// timing assertion. The operation is cancelled on timeout.
func withTimeout<T: Sendable>(
    _ seconds: Double = 20, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
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

/// Everything a stream yields, kept; tests await a condition over what has been seen so far.
actor Recorder<Element: Sendable> {
    private(set) var all: [Element] = []
    private var waiters: [(id: UUID, predicate: @Sendable ([Element]) -> Bool, continuation: CheckedContinuation<Void, Error>)] = []

    /// Starts collecting `stream` in a task of its own.
    nonisolated func collect<S: AsyncSequence & Sendable>(_ stream: S) -> Task<Void, Never> where S.Element == Element {
        Task {
            do {
                for try await element in stream { await self.append(element) }
            } catch {}
        }
    }

    func append(_ element: Element) {
        all.append(element)
        waiters.removeAll { waiter in
            guard waiter.predicate(all) else { return false }
            waiter.continuation.resume()
            return true
        }
    }

    /// Returns once `predicate` holds for everything seen; throws `TimedOut` after `seconds`.
    func wait(_ what: String, timeout seconds: Double = 20, until predicate: @escaping @Sendable ([Element]) -> Bool) async throws {
        if predicate(all) { return }
        let id = UUID()
        let timer = Task { [weak self] in
            try await Task.sleep(for: .seconds(seconds))
            await self?.expire(id, what: what)
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { continuation in
            waiters.append((id, predicate, continuation))
        }
    }

    private func expire(_ id: UUID, what: String) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: TimedOut(what: what))
    }
}
