import DBus
import Foundation

public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "timed out waiting for \(what)" }
    public init(what: String) { self.what = what }
}

/// Runs `operation`, failing with `TimedOut` if it takes longer than `seconds`. The bound is a
/// safety net against hangs, not a timing assertion. On timeout the operation is cancelled but not
/// awaited, so an operation that ignores cancellation cannot hang the test.
public func withTimeout<T: Sendable>(_ seconds: Double = 10, _ what: String = "event",
                              _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = ResumeOnce<T>()
    return try await withCheckedThrowingContinuation { continuation in
        once.set(continuation)
        let work = Task {
            do { once.resume(.success(try await operation())) } catch { once.resume(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            if once.resume(.failure(TimedOut(what: what))) { work.cancel() }
        }
    }
}

private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Error>?
    private var pending: Result<T, Error>?

    public func set(_ continuation: CheckedContinuation<T, Error>) {
        lock.lock()
        defer { lock.unlock() }
        if let pending {
            continuation.resume(with: pending)
        } else {
            self.continuation = continuation
        }
    }

    /// True if this call delivered the result.
    @discardableResult
    public func resume(_ result: Result<T, Error>) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard pending == nil else { return false }
        pending = result
        continuation?.resume(with: result)
        continuation = nil
        return true
    }
}

/// The next element of `stream` satisfying `predicate`, within `seconds`.
public func next<S: AsyncSequence & Sendable>(_ stream: S, _ what: String = "element", timeout seconds: Double = 10,
                                       where predicate: @escaping @Sendable (S.Element) -> Bool = { _ in true })
    async throws -> S.Element? where S.Element: Sendable {
    try await withTimeout(seconds, what) {
        for try await element in stream where predicate(element) { return element }
        return nil
    }
}

/// Collects elements of the stream until it ends, within `seconds`.
public func drain<S: AsyncSequence & Sendable>(_ stream: S, timeout seconds: Double = 10) async throws -> [S.Element]
    where S.Element: Sendable {
    try await withTimeout(seconds, "end of stream") {
        var all: [S.Element] = []
        for try await element in stream { all.append(element) }
        return all
    }
}

/// Records every element of a stream as it arrives, so a test can await the Nth one.
public actor Recorder<Element: Sendable> {
    private var items: [Element] = []
    private var finished = false
    private var waiters: [UInt64: (index: Int, continuation: CheckedContinuation<Element?, Never>)] = [:]
    private var nextWaiter: UInt64 = 0

    public static func start<S: AsyncSequence & Sendable>(_ stream: S) -> Recorder<Element> where S.Element == Element {
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
        for (id, waiter) in waiters {
            if waiter.index < items.count {
                waiters[id] = nil
                waiter.continuation.resume(returning: items[waiter.index])
            } else if finished {
                waiters[id] = nil
                waiter.continuation.resume(returning: nil)
            }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        waiters.removeValue(forKey: id)?.continuation.resume(returning: nil)
    }

    /// The element at `index`, once it has arrived; nil if the stream ended first or the waiting
    /// task was cancelled (so `withTimeout` can give up).
    public func element(_ index: Int) async -> Element? {
        if index < items.count { return items[index] }
        if finished { return nil }
        nextWaiter += 1
        let id = nextWaiter
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: nil)
                } else {
                    waiters[id] = (index, continuation)
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Waits until the stream has ended and returns everything it produced.
    public func all() async -> [Element] {
        while !finished {
            if Task.isCancelled { break }
            _ = await element(items.count)
        }
        return items
    }

    public var snapshot: [Element] { items }
}

extension Recorder {
    /// The element at `index` within `seconds`.
    public func element(_ index: Int, within seconds: Double) async throws -> Element? {
        try await withTimeout(seconds, "element \(index)") { await self.element(index) }
    }
}

/// Awaits `condition` becoming true, checking every 100 ms, for at most `seconds`; throws
/// `TimedOut` otherwise. For state in another process, which has no event a test can await.
public func waitUntil(_ what: String, within seconds: Double = 20, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw TimedOut(what: what)
}

/// Everything a stream yields, kept; a test awaits a condition over all it has seen so far
/// (`Recorder` awaits the Nth element instead).
public actor ConditionRecorder<Element: Sendable> {
    public private(set) var all: [Element] = []
    private var waiters: [(id: UUID, predicate: @Sendable ([Element]) -> Bool, continuation: CheckedContinuation<Void, Error>)] = []

    public init() {}

    /// Starts collecting `stream` in a task of its own.
    public nonisolated func collect<S: AsyncSequence & Sendable>(_ stream: S) -> Task<Void, Never> where S.Element == Element {
        Task {
            do {
                for try await element in stream { await self.append(element) }
            } catch {}
        }
    }

    public func append(_ element: Element) {
        all.append(element)
        waiters.removeAll { waiter in
            guard waiter.predicate(all) else { return false }
            waiter.continuation.resume()
            return true
        }
    }

    /// Returns once `predicate` holds for everything seen; throws `TimedOut` after `seconds`.
    public func wait(_ what: String, timeout seconds: Double = 20, until predicate: @escaping @Sendable ([Element]) -> Bool) async throws {
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
