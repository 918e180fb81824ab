import Foundation
import GatewayStore

/// What the forwarder did, for the hub's display ("your clinic has the value") and for tests.
public enum ForwarderEvent: Hashable, Sendable {
    /// The store accepted these readings (committed in the hub's store before this is sent).
    case sent([ReadingID])
    /// A transient failure: every undelivered reading is tried again at `nextAttempt`.
    case retrying(reason: String, nextAttempt: Date)
    /// The store refused this reading on its own (or no bundle could be built): out of the queue.
    case deadLettered(ReadingID, reason: String)
    /// Nothing due: asleep until a wake-up or `nextAttempt` (nil: only a wake-up).
    case idle(nextAttempt: Date?)
}
