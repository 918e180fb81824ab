import Synchronization

/// Fans events out to every current subscriber (unbounded buffers: events are few).
final class EventBroadcaster<Element: Sendable>: Sendable {
    private let sinks = Mutex<(next: Int, all: [Int: AsyncStream<Element>.Continuation])>((0, [:]))

    func subscribe() -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .unbounded)
        let id = sinks.withLock { state in
            state.next += 1
            state.all[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.sinks.withLock { $0.all.removeValue(forKey: id) }
        }
        return stream
    }

    func yield(_ element: Element) {
        let all = sinks.withLock { Array($0.all.values) }
        for sink in all { sink.yield(element) }
    }

    func finish() {
        let all = sinks.withLock { state in
            defer { state.all = [:] }
            return Array(state.all.values)
        }
        for sink in all { sink.finish() }
    }
}
