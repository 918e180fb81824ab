import Synchronization

extension DBusDriver {
    /// Sends a method call and awaits its reply without blocking any thread. Cancelling the
    /// awaiting task cancels the pending call.
    func call(_ message: Message, method: String, timeout: Duration) async -> PendingCallBox.Outcome {
        let id = Self.callIDs.add(1, ordering: .relaxed).newValue
        // The cancel handler may run before the box exists (task already cancelled).
        let holder = Mutex<(box: PendingCallBox?, cancelled: Bool)>((nil, false))
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let box = PendingCallBox(id: id, driver: self, method: method, timeout: timeout, continuation: continuation)
                let cancelledEarly = holder.withLock { slot -> Bool in
                    slot.box = box
                    return slot.cancelled
                }
                if cancelledEarly { box.markCancelled() }
                let milliseconds = Self.milliseconds(timeout)
                let accepted = submit { $0.startCall(box, message, timeoutMilliseconds: milliseconds) }
                if !accepted { box.finish(.failure(.disconnected), cancelPending: false) }
            }
        } onCancel: {
            let box = holder.withLock { slot -> PendingCallBox? in
                slot.cancelled = true
                return slot.box
            }
            guard let box else { return }
            box.markCancelled()
            submit { $0.cancelCall(box) }
        }
    }

    /// Sends a method call whose outcome is handled on the driver thread, in order with the
    /// signals dispatched around it (used to seed state that signals then keep current).
    func call(_ message: Message, method: String, timeout: Duration,
              onDriverThread completion: @escaping @Sendable (PendingCallBox.Outcome) -> Void) {
        let id = Self.callIDs.add(1, ordering: .relaxed).newValue
        let box = PendingCallBox(id: id, driver: self, method: method, timeout: timeout,
                                 continuation: nil, onDriverThread: completion)
        let milliseconds = Self.milliseconds(timeout)
        if !submit({ $0.startCall(box, message, timeoutMilliseconds: milliseconds) }) {
            box.finish(.failure(.disconnected), cancelPending: false)
        }
    }

    private static let callIDs = Atomic<UInt64>(0)

    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        return Int32(clamping: seconds.multipliedReportingOverflow(by: 1000).partialValue + attoseconds / 1_000_000_000_000_000)
    }

    /// Driver thread.
    private func startCall(_ box: PendingCallBox, _ message: Message, timeoutMilliseconds: Int32) {
        guard let conn = connection else { return box.finish(.failure(.disconnected), cancelPending: false) }
        if box.isCancelled { return box.finish(.failure(.cancelled), cancelPending: false) }
        if message.carriesFileDescriptors && !LibDBus.canSendFileDescriptors(conn) {
            return box.finish(.failure(.invalidArgument("this connection cannot pass unix file descriptors")), cancelPending: false)
        }
        guard let pending = LibDBus.sendWithReply(conn, message, timeoutMilliseconds: timeoutMilliseconds) else {
            // libdbus gives no pending call when out of memory or already disconnected.
            let error: DBusError = LibDBus.isConnected(conn) ? .outOfMemory : .disconnected
            return box.finish(.failure(error), cancelPending: false)
        }
        box.attach(pending)
        guard LibDBus.setNotify(pending, pendingNotify, data: Unmanaged.passRetained(box).toOpaque(), free: pendingRelease) else {
            return box.finish(.failure(.outOfMemory), cancelPending: true)
        }
        pendingCalls[box.id] = box
    }

    /// Driver thread.
    private func cancelCall(_ box: PendingCallBox) {
        pendingCalls[box.id] = nil
        box.finish(.failure(.cancelled), cancelPending: true)
    }

    /// Driver thread, from the pending call's notify.
    func complete(_ box: PendingCallBox, pending: LibDBus.PendingPtr) {
        pendingCalls[box.id] = nil
        let connected = connection.map { LibDBus.isConnected($0) } ?? false
        guard connected, let reply = LibDBus.stealReply(pending) else {
            return box.finish(.failure(.disconnected), cancelPending: false)
        }
        box.finish(box.outcome(of: reply), cancelPending: false)
    }

    /// Sends a message that expects no reply (signals, method returns, errors). Driver thread.
    func sendNow(_ message: Message) {
        guard let conn = connection else { return }
        if message.carriesFileDescriptors && !LibDBus.canSendFileDescriptors(conn) {
            LibDBus.trace("dropping a message with unix fds: the peer cannot receive them")
            return
        }
        if !LibDBus.send(conn, message) { LibDBus.trace("out of memory sending a message") }
    }
}
