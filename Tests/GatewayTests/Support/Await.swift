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

/// Records every element of a stream as it arrives, so a test can await the Nth one.
actor Recorder<Element: Sendable> {
    private var items: [Element] = []
    private var finished = false
    private var waiters: [(index: Int, continuation: CheckedContinuation<Element?, Never>)] = []

    static func start<S: AsyncSequence & Sendable>(_ stream: S) -> Recorder<Element> where S.Element == Element {
        let recorder = Recorder<Element>()
        Task {
            do { for try await element in stream { await recorder.add(element) } } catch {}
            await recorder.finish()
        }
        return recorder
    }

    private func add(_ element: Element) {
        items.append(element)
        wakeWaiters()
    }

    private func finish() {
        finished = true
        wakeWaiters()
    }

    private func wakeWaiters() {
        waiters.removeAll { waiter in
            if waiter.index < items.count {
                waiter.continuation.resume(returning: items[waiter.index])
                return true
            }
            if finished {
                waiter.continuation.resume(returning: nil)
                return true
            }
            return false
        }
    }

    /// The element at `index`, once it has arrived; nil if the stream ended first.
    func element(_ index: Int) async -> Element? {
        if index < items.count { return items[index] }
        if finished { return nil }
        return await withCheckedContinuation { waiters.append((index, $0)) }
    }

    /// Waits until the stream has ended and returns everything it produced.
    func all() async -> [Element] {
        while !finished { _ = await element(items.count) }
        return items
    }

    var snapshot: [Element] { items }
}

extension Recorder {
    /// The element at `index` within `seconds`.
    func element(_ index: Int, within seconds: Double) async throws -> Element? {
        try await withTimeout(seconds, "element \(index)") { await self.element(index) }
    }
}
