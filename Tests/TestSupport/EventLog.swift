/// Records a stream as it arrives; tests await the first element after a cursor matching a predicate.
public actor EventLog<Element: Sendable> {
    private var items: [Element] = []
    private var cursor = 0
    private var finished = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var task: Task<Void, Never>?

    public init<S: AsyncSequence & Sendable>(_ stream: S) where S.Element == Element {
        let (forward, continuation) = AsyncStream.makeStream(of: Element.self)
        Task {
            do { for try await element in stream { continuation.yield(element) } } catch {}
            continuation.finish()
        }
        Task { await self.consume(forward) }
    }

    private func consume(_ stream: AsyncStream<Element>) async {
        for await element in stream {
            items.append(element)
            wake()
        }
        finished = true
        wake()
    }

    private func wake() {
        let pending = waiters
        waiters = []
        for waiter in pending { waiter.resume() }
    }

    /// The first element after the cursor satisfying `predicate` (the cursor moves past it);
    /// nil if the stream ends first. Fails with `TimedOut` after `seconds`.
    public func first(_ what: String, within seconds: Double = 10, where predicate: @escaping @Sendable (Element) -> Bool) async throws -> Element? {
        try await withTimeout(seconds, what) { await self.scan(predicate) }
    }

    private func scan(_ predicate: (Element) -> Bool) async -> Element? {
        while true {
            while cursor < items.count {
                let item = items[cursor]
                cursor += 1
                if predicate(item) { return item }
            }
            if finished || Task.isCancelled { return nil }
            // Resumed by a new element, the end, or cancellation (the timeout), never left hanging.
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if Task.isCancelled { continuation.resume() } else { waiters.append(continuation) }
                }
            } onCancel: {
                Task { await self.wake() }
            }
        }
    }

    /// Everything recorded so far.
    public var all: [Element] { items }
}
