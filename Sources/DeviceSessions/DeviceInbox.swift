import Synchronization

/// A device's ordered hand-off to the pipeline: the session yields each value as it arrives; the
/// single consumer takes everything that is waiting at once (a memory dump that queued behind a
/// commit), never waiting for more, so values can share one commit without added latency.
public final class DeviceInbox: Sendable {
    /// At most this many values go into one batch; the rest wait for the next take.
    public static let maxBatch = 128

    /// Creates an empty inbox.
    public init() {}

    private struct State {
        var buffer: [MeasurementEvent] = []
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Appends a value; ignored once finished.
    public func yield(_ event: MeasurementEvent) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.finished else { return nil }
            state.buffer.append(event)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Ends the inbox: the consumer still gets what is waiting, then nil.
    public func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Everything waiting now (at least one value, in arrival order, at most `maxBatch`); suspends
    /// only while nothing waits. Nil once finished and drained. One consumer only.
    public func next() async -> [MeasurementEvent]? {
        while true {
            let taken = state.withLock { state -> [MeasurementEvent]?? in
                if !state.buffer.isEmpty {
                    let count = min(state.buffer.count, Self.maxBatch)
                    let batch = Array(state.buffer.prefix(count))
                    state.buffer.removeFirst(count)
                    return .some(batch)
                }
                return state.finished ? .some(nil) : nil
            }
            if let taken { return taken }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.buffer.isEmpty || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
