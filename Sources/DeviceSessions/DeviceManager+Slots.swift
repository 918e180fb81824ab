import BlueZ
import DBus
import Foundation

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

extension DeviceManager {
    // MARK: connection slots

    /// Waits for one of the adapter's `maxConnections` slots (FIFO). Controllers have few LE
    /// connection slots; one more link fails or makes device objects vanish. Nil when cancelled.
    func acquireSlot(_ address: String, adapter: ObjectPath) async -> SlotTicket? {
        slotCounter += 1
        let ticket = SlotTicket(adapter: adapter, token: slotCounter)
        if (slotHolders[adapter]?.count ?? 0) < maxConnections, slotWaiters[adapter]?.isEmpty ?? true {
            slotHolders[adapter, default: [:]][ticket.token] = address
        } else {
            logger.info("waiting for a connection slot", metadata: ["device": "\(address)", "limit": "\(maxConnections)"])
            let granted = await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if Task.isCancelled {
                        continuation.resume(returning: false)
                    } else {
                        slotWaiters[adapter, default: []].append(SlotWaiter(token: ticket.token, address: address, continuation: continuation))
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
        guard slotHolders[ticket.adapter]?.removeValue(forKey: ticket.token) != nil else { return }
        guard var waiters = slotWaiters[ticket.adapter], !waiters.isEmpty else { return }
        let next = waiters.removeFirst()
        slotWaiters[ticket.adapter] = waiters
        slotHolders[ticket.adapter, default: [:]][next.token] = next.address
        next.continuation.resume(returning: true)
    }

    /// The session's link is down for good (end of a batch, cancelled, forgotten): its slot is free.
    func releaseSlot(_ address: String) {
        guard let ticket = sessions[address]?.slot else { return }
        sessions[address]?.slot = nil
        releaseTicket(ticket)
    }

    func cancelSlotWait(_ ticket: SlotTicket) {
        guard var waiters = slotWaiters[ticket.adapter], let index = waiters.firstIndex(where: { $0.token == ticket.token }) else { return }
        let waiter = waiters.remove(at: index)
        slotWaiters[ticket.adapter] = waiters
        waiter.continuation.resume(returning: false)
    }

    /// Connections holding a slot on the adapter (for tests and status).
    func connectionsInUse(adapter: ObjectPath) -> Int {
        slotHolders[adapter]?.count ?? 0
    }

    // MARK: stuck-controller watchdog

    /// Feeds a connect result to the adapter's watchdog; power-cycles the adapter when it says so.
    func recordConnect(adapter: ObjectPath, error: BlueZError?) async {
        var watchdog = watchdogs[adapter] ?? AdapterWatchdog(policy: watchdogPolicy)
        guard let error else {
            watchdog.recordSuccess()
            watchdogs[adapter] = watchdog
            return
        }
        // Not the controller's fault: keys, vanished objects, an adapter that is off or gone.
        if error.isBondProblem || error.isObjectMissing { return }
        switch error {
        case .notReady, .bluezNotRunning, .busDisconnected: return
        default: break
        }
        let verdict = watchdog.recordFailure(at: now())
        watchdogs[adapter] = watchdog
        switch verdict {
        case .fine:
            break
        case .suspectButRecentlyCycled:
            logger.warning("connects keep failing; adapter was power-cycled recently, not again yet",
                           metadata: ["adapter": "\(adapter)"])
        case .powerCycle:
            await powerCycle(adapter)
        }
    }

    /// Powered false → true: the one remedy for a controller that stopped answering LE commands
    /// (bluetooth-auto-recovery does the same). Discovery restarts on the Powered=true event.
    func powerCycle(_ adapter: ObjectPath) async {
        logger.warning("connects keep failing: power-cycling the adapter", metadata: ["adapter": "\(adapter)"])
        powerCycles += 1
        do {
            try await client.setPowered(adapter: adapter, false, timeout: BlueZTimeouts.call)
        } catch {
            logger.error("adapter power-off failed", metadata: ["adapter": "\(adapter)", "error": "\(error)"])
        }
        do {
            try await client.setPowered(adapter: adapter, true, timeout: BlueZTimeouts.call)
        } catch {
            logger.error("adapter power-on failed", metadata: ["adapter": "\(adapter)", "error": "\(error)"])
        }
    }

    /// How often the watchdog power-cycled an adapter since start.
    public func adapterPowerCycles() -> Int {
        powerCycles
    }
}
