import Synchronization

/// Fans events out to any number of AsyncStreams. `publish` is called by the client actor only, so
/// every stream sees events in the same order. Buffering is unbounded: a slow consumer costs
/// memory, never a lost event.
final class EventHub: Sendable {
    private struct State {
        var next: UInt64 = 0
        var sinks: [UInt64: Sink] = [:]
        var closed = false
    }

    private struct Sink {
        let deliver: @Sendable (BlueZEvent) -> Void
        let finish: @Sendable () -> Void
    }

    private let state = Mutex(State())

    /// Registers a stream of the events `transform` maps to a value; registration is immediate.
    func subscribe<T: Sendable>(_ transform: @escaping @Sendable (BlueZEvent) -> T?) -> (id: UInt64, stream: AsyncStream<T>) {
        let (stream, continuation) = AsyncStream.makeStream(of: T.self, bufferingPolicy: .unbounded)
        let sink = Sink(deliver: { event in
            if let value = transform(event) { continuation.yield(value) }
        }, finish: { continuation.finish() })
        let id = state.withLock { state -> UInt64? in
            guard !state.closed else { return nil }
            state.next += 1
            state.sinks[state.next] = sink
            return state.next
        }
        guard let id else {
            continuation.finish()
            return (0, stream)
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return (id, stream)
    }

    /// Every event.
    func subscribe() -> (id: UInt64, stream: AsyncStream<BlueZEvent>) {
        subscribe { $0 }
    }

    /// Ends and forgets one stream.
    func remove(_ id: UInt64) {
        let sink = state.withLock { $0.sinks.removeValue(forKey: id) }
        sink?.finish()
    }

    func publish(_ events: [BlueZEvent]) {
        guard !events.isEmpty else { return }
        let sinks = state.withLock { Array($0.sinks.values) }
        for event in events {
            for sink in sinks { sink.deliver(event) }
        }
    }

    /// Ends every stream; later subscriptions end at once.
    func finishAll() {
        let sinks = state.withLock { state in
            state.closed = true
            defer { state.sinks.removeAll() }
            return Array(state.sinks.values)
        }
        for sink in sinks { sink.finish() }
    }
}
