import DBus

/// A connection slot held by one connection run of a device.
struct SlotTicket: Hashable {
    let adapter: ObjectPath
    let token: UInt64
}

/// A session waiting for a connection slot on an adapter.
struct SlotWaiter {
    let token: UInt64
    let address: String
    let continuation: CheckedContinuation<Bool, Never>
}

/// The adapters' connection slots: at most `limit` links per adapter, the others wait their turn
/// (FIFO). Controllers have few LE connection slots; one more link fails or makes device objects
/// vanish. A value the device manager owns and mutates on its actor; it resumes a waiter when a
/// slot is handed to it (true) or its wait is withdrawn (false).
struct ConnectionSlots {
    /// Concurrent connections per adapter at most.
    let limit: Int
    private var holders: [ObjectPath: [UInt64: String]] = [:]
    private var waiters: [ObjectPath: [SlotWaiter]] = [:]
    private var counter: UInt64 = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// A new ticket for one connection run on `adapter`.
    mutating func newTicket(adapter: ObjectPath) -> SlotTicket {
        counter += 1
        return SlotTicket(adapter: adapter, token: counter)
    }

    /// Takes a slot for `ticket` at once if one is free and nobody waits; false: the caller must wait.
    mutating func takeIfFree(_ ticket: SlotTicket, address: String) -> Bool {
        guard (holders[ticket.adapter]?.count ?? 0) < limit, waiters[ticket.adapter]?.isEmpty ?? true else { return false }
        holders[ticket.adapter, default: [:]][ticket.token] = address
        return true
    }

    /// Queues `ticket` behind the other waiters of its adapter.
    mutating func enqueue(_ ticket: SlotTicket, address: String, continuation: CheckedContinuation<Bool, Never>) {
        waiters[ticket.adapter, default: []].append(SlotWaiter(token: ticket.token, address: address, continuation: continuation))
    }

    /// Gives a slot back (idempotent) and hands it to the next waiter.
    mutating func release(_ ticket: SlotTicket) {
        guard holders[ticket.adapter]?.removeValue(forKey: ticket.token) != nil else { return }
        guard var queue = waiters[ticket.adapter], !queue.isEmpty else { return }
        let next = queue.removeFirst()
        waiters[ticket.adapter] = queue
        holders[ticket.adapter, default: [:]][next.token] = next.address
        next.continuation.resume(returning: true)
    }

    /// Withdraws a waiting ticket (cancelled): its waiter is resumed with false.
    mutating func cancelWait(_ ticket: SlotTicket) {
        guard var queue = waiters[ticket.adapter], let index = queue.firstIndex(where: { $0.token == ticket.token }) else { return }
        let waiter = queue.remove(at: index)
        waiters[ticket.adapter] = queue
        waiter.continuation.resume(returning: false)
    }

    /// Connections holding a slot on the adapter.
    func inUse(adapter: ObjectPath) -> Int {
        holders[adapter]?.count ?? 0
    }
}
