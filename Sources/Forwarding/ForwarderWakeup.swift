import Foundation

/// Tells the forwarder that the outbox has new rows. Coalescing: any number of `signal()` calls while
/// the forwarder is busy leave exactly one pending wake-up, so a burst of readings costs one pass.
public final class ForwarderWakeup: Sendable {
    /// The forwarder's loop: `for await _ in wakeup.wakeups { send pending outbox rows }`. One consumer.
    public let wakeups: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    /// Creates a wake-up signal with nothing pending.
    public init() {
        (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Wakes the forwarder (or leaves one wake-up pending if it is busy). Never blocks.
    public func signal() {
        continuation.yield(())
    }

    /// Ends the stream (daemon shutdown); the forwarder's loop then finishes.
    public func finish() {
        continuation.finish()
    }
}
