import CDBus
import Synchronization

/// One outgoing method call awaiting its reply. Retained by libdbus (as notify data) and by the
/// driver's table; completed exactly once by a reply, a timeout, cancellation or disconnect.
final class PendingCallBox: Sendable {
    typealias Outcome = Result<[DBusValue], DBusError>

    private struct State {
        var continuation: CheckedContinuation<Outcome, Never>?
        var finished: Bool
        var pending: LibDBus.PendingPtr?
        var cancelled = false
    }

    let id: UInt64
    let driver: DBusDriver
    let method: String
    let timeout: Duration
    private let state: Mutex<State>

    /// Alternative to the continuation: called on the driver thread, in order with dispatch.
    private let onDriverThread: (@Sendable (Outcome) -> Void)?

    init(id: UInt64, driver: DBusDriver, method: String, timeout: Duration,
         continuation: CheckedContinuation<Outcome, Never>?, onDriverThread: (@Sendable (Outcome) -> Void)? = nil) {
        self.id = id
        self.driver = driver
        self.method = method
        self.timeout = timeout
        self.onDriverThread = onDriverThread
        state = Mutex(State(continuation: continuation, finished: false))
    }

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    func markCancelled() { state.withLock { $0.cancelled = true } }

    func attach(_ pending: LibDBus.PendingPtr) {
        // The pointer is only used on the driver thread; the mutex just orders the hand-over.
        let handle = PendingHandle(pointer: pending)
        state.withLock { $0.pending = handle.pointer }
    }

    /// Resumes the caller once. `cancelPending` is false when called from the pending call's own
    /// notify (it is already complete) and true otherwise. Driver thread when a pending call exists.
    func finish(_ outcome: Outcome, cancelPending: Bool) {
        let (first, continuation, pending) = state.withLock { state in
            defer { state.finished = true; state.continuation = nil; state.pending = nil }
            return (!state.finished, state.continuation, state.pending)
        }
        guard first else { return }
        if let pending {
            if cancelPending { LibDBus.cancel(pending) }
            LibDBus.unref(pending: pending)
        }
        continuation?.resume(returning: outcome)
        onDriverThread?(outcome)
    }

    /// Turns a reply message (method return or error) into the caller's outcome.
    func outcome(of reply: Message) -> Outcome {
        guard reply.type == LibDBus.MessageType.error else {
            do { return .success(try reply.arguments()) } catch { return .failure(error) }
        }
        let name = reply.errorName ?? DBusErrorName.failed
        let text = (try? reply.arguments())?.first?.string ?? ""
        // libdbus answers a timed-out call itself with a NoReply error that has no sender.
        if name == DBusErrorName.noReply && reply.sender == nil {
            return .failure(.timeout(method: method, after: timeout))
        }
        return .failure(.remote(name: name, message: text))
    }
}

/// Carries a pending-call pointer into the box's mutex; it is only dereferenced on the driver thread.
private struct PendingHandle: @unchecked Sendable {
    let pointer: LibDBus.PendingPtr
}

/// Notify data is the box, passed retained and released by `pendingRelease`.
let pendingNotify: DBusPendingCallNotifyFunction = { pending, data in
    guard let pending, let data else { return }
    let box = Unmanaged<PendingCallBox>.fromOpaque(data).takeUnretainedValue()
    box.driver.complete(box, pending: pending)
}

let pendingRelease: DBusFreeFunction = { data in
    guard let data else { return }
    Unmanaged<PendingCallBox>.fromOpaque(data).release()
}
