import Foundation

/// A device waiting to page on an adapter.
struct GateWaiter: Equatable {
    let token: UInt64
    let address: String
    /// Its link is already up (a leftover to adopt): no advertisement needed, it goes first.
    let linkUp: Bool
}

/// Serializes connects on one adapter: controllers handle one LE Create Connection at a time, and
/// overlapping ones fail with InProgress or abort. Waiting devices go in order of their latest
/// advertisement, freshest first (a scale that advertises now before a cuff seen seconds ago);
/// one whose advertisement is no longer fresh is dropped until it advertises again. Pure: the
/// device manager owns one per adapter and resumes the waiters it names.
struct ConnectGate {
    private(set) var busy = false
    private(set) var waiters: [GateWaiter] = []

    /// Takes the gate at once if it is free and nobody waits; false: the caller must wait.
    mutating func enterIfFree() -> Bool {
        guard !busy, waiters.isEmpty else { return false }
        busy = true
        return true
    }

    mutating func enqueue(_ waiter: GateWaiter) {
        waiters.append(waiter)
    }

    /// Withdraws a waiter (cancelled); true if it was waiting.
    mutating func withdraw(_ token: UInt64) -> Bool {
        guard let index = waiters.firstIndex(where: { $0.token == token }) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// The holder is done: picks the next holder among the waiters, freshest advertisement first
    /// (arrival order among equals; a link already up before all). `freshReport` gives a device's
    /// last advertisement if it is still fresh, nil if not: those waiters are dropped.
    mutating func leave(freshReport: (String) -> Date?) -> (next: GateWaiter?, dropped: [GateWaiter]) {
        var dropped: [GateWaiter] = []
        var best: (waiter: GateWaiter, seen: Date)?
        for waiter in waiters {
            guard let seen = waiter.linkUp ? Date.distantFuture : freshReport(waiter.address) else {
                dropped.append(waiter)
                continue
            }
            if let current = best, seen <= current.seen { continue }
            best = (waiter, seen)
        }
        waiters.removeAll { waiter in dropped.contains(waiter) || waiter == best?.waiter }
        busy = best != nil
        return (best?.waiter, dropped)
    }
}
