import DBus
import Foundation

extension DeviceManager {
    /// Waits for the adapter's connect gate (`ConnectGate`: one page at a time, freshest
    /// advertisement first). False, without waiting, when the device has not advertised within
    /// the freshness window (unless its link is up already), or when it is dropped from the queue
    /// because its advertisement went stale meanwhile, or when cancelled.
    func enterGate(_ address: String, adapter: ObjectPath, linkUp: Bool) async -> Bool {
        guard linkUp || adverts.isFresh(address, at: now()) else { return false }
        if gates[adapter, default: ConnectGate()].enterIfFree() { return true }
        gateCounter += 1
        let waiter = GateWaiter(token: gateCounter, address: address, linkUp: linkUp)
        logger.debug("waiting to connect", metadata: ["device": "\(address)"])
        let granted = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: false)
                } else {
                    gates[adapter, default: ConnectGate()].enqueue(waiter)
                    gateWaiters[waiter.token] = continuation
                }
            }
        } onCancel: {
            Task { await self.withdrawFromGate(waiter.token, adapter: adapter) }
        }
        if granted, Task.isCancelled {
            leaveGate(adapter: adapter)
            return false
        }
        return granted
    }

    /// The holder's connect is over: hands the gate to the freshest waiter; stale ones are dropped.
    func leaveGate(adapter: ObjectPath) {
        let at = now()
        let adverts = self.adverts
        guard let handOver = gates[adapter]?.leave(freshReport: { adverts.freshReport($0, at: at) }) else { return }
        for waiter in handOver.dropped {
            logger.info("no longer advertising; not connecting until it does", metadata: ["device": "\(DeviceLogID.of(waiter.address))"])
            gateWaiters.removeValue(forKey: waiter.token)?.resume(returning: false)
        }
        if let next = handOver.next { gateWaiters.removeValue(forKey: next.token)?.resume(returning: true) }
    }

    func withdrawFromGate(_ token: UInt64, adapter: ObjectPath) {
        guard gates[adapter]?.withdraw(token) == true else { return }
        gateWaiters.removeValue(forKey: token)?.resume(returning: false)
    }
}
