import DBus

extension DeviceManager {
    /// Waits for one of the adapter's `maxConnections` slots (FIFO, `ConnectionSlots`) and records
    /// it as the session's. Nil when cancelled.
    func acquireSlot(_ address: String, adapter: ObjectPath) async -> SlotTicket? {
        let ticket = slots.newTicket(adapter: adapter)
        if !slots.takeIfFree(ticket, address: address) {
            logger.info("waiting for a connection slot", metadata: ["device": "\(DeviceLogID.of(address))", "limit": "\(maxConnections)"])
            let granted = await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if Task.isCancelled {
                        continuation.resume(returning: false)
                    } else {
                        slots.enqueue(ticket, address: address, continuation: continuation)
                    }
                }
            } onCancel: {
                Task { await self.cancelSlotWait(ticket) }
            }
            guard granted else { return nil }
            if Task.isCancelled {
                releaseTicket(ticket)
                return nil
            }
        }
        sessions[address]?.slot = ticket
        return ticket
    }

    /// Gives a slot back (idempotent) and hands it to the next waiter.
    func releaseTicket(_ ticket: SlotTicket) {
        slots.release(ticket)
    }

    /// The session's link is down for good (end of a batch, cancelled, forgotten): its slot is free.
    func releaseSlot(_ address: String) {
        guard let ticket = sessions[address]?.slot else { return }
        sessions[address]?.slot = nil
        releaseTicket(ticket)
    }

    func cancelSlotWait(_ ticket: SlotTicket) {
        slots.cancelWait(ticket)
    }

    /// Connections holding a slot on the adapter (for tests and status).
    func connectionsInUse(adapter: ObjectPath) -> Int {
        slots.inUse(adapter: adapter)
    }
}
