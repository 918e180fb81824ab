import CDBus
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Owns one libdbus connection and drives it from one dedicated thread.
///
/// Threading model (also in docs/ARCHITECTURE.md, "D-Bus threading model"):
/// - The `DBusConnection*` and everything hanging off it (watches, timeouts, pending calls, the
///   filter) is touched **only on the driver thread**. That thread runs a `poll(2)` loop over the
///   libdbus watch fds plus an eventfd, fires libdbus timeouts, and dispatches incoming messages.
/// - Other threads (Swift tasks on the cooperative pool) never call the connection. They enqueue a
///   closure with `submit(_:)` (a mutex-protected FIFO) and write the eventfd to wake the loop. So a
///   send issued before another is written before it, and nothing blocks the cooperative pool.
/// - Results go back through `CheckedContinuation`s and `AsyncStream.Continuation`s resumed on the
///   driver thread. Method handlers of exported objects run as Tasks; their replies are submitted.
/// - Members marked "driver thread" below are only touched there; `@unchecked Sendable` rests on that.
final class DBusDriver: @unchecked Sendable {
    typealias Command = @Sendable (DBusDriver) -> Void

    private struct Inbox {
        var commands: [Command] = []
        var closed = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let inbox = Mutex(Inbox())
    let wakeDescriptor: Int32

    /// Driver thread: the live connection, nil once shut down.
    private(set) var connection: LibDBus.ConnectionPtr?
    /// Driver thread: libdbus watches and timeouts.
    var watches: [LibDBus.WatchPtr] = []
    var timeouts: [TimeoutEntry] = []
    /// Driver thread: calls awaiting replies, by our id.
    var pendingCalls: [UInt64: PendingCallBox] = [:]
    var nextCallID: UInt64 = 0
    /// Driver thread: set by the filter when libdbus reports the bus went away.
    var sawDisconnect = false
    /// Driver thread: libdbus ran out of memory while dispatching.
    var retryDispatchSoon = false
    private var running = true

    /// Incoming signals and method calls are handed to these (on the driver thread).
    let signalRouter: SignalRouter
    var methodCallHandler: (@Sendable (IncomingCall) -> Void)?
    /// Called once on the driver thread when the connection ends.
    var onShutdown: (@Sendable () -> Void)?

    struct TimeoutEntry {
        let timeout: LibDBus.TimeoutPtr
        var deadline: ContinuousClock.Instant
    }

    init(signalRouter: SignalRouter) throws(DBusError) {
        let fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard fd >= 0 else { throw .connectionFailed("eventfd failed (errno \(errno))") }
        wakeDescriptor = fd
        self.signalRouter = signalRouter
    }

    deinit {
        close(wakeDescriptor)
    }

    /// True once the connection is shut down; no further commands run against it.
    var isClosed: Bool { inbox.withLock { $0.closed } }

    /// Runs `command` on the driver thread. Returns false (without running it) if the driver is
    /// already closed.
    @discardableResult
    func submit(_ command: @escaping Command) -> Bool {
        let accepted = inbox.withLock { inbox -> Bool in
            guard !inbox.closed else { return false }
            inbox.commands.append(command)
            return true
        }
        if accepted { wake() }
        return accepted
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Returns once the connection has shut down (closed locally or lost).
    func waitUntilClosed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyClosed = inbox.withLock { inbox -> Bool in
                guard !inbox.closed else { return true }
                inbox.closeWaiters.append(continuation)
                return false
            }
            if alreadyClosed { continuation.resume() }
        }
    }

    /// Asks the driver thread to close the connection; safe from any thread, idempotent.
    func requestShutdown() {
        submit { $0.shutdown() }
    }

    // MARK: thread

    /// Starts the driver thread, which opens `address`, registers on the bus and then loops.
    /// `ready` is called on the driver thread with the unique name or the failure.
    func start(address: String, register: Bool, ready: @escaping @Sendable (Result<String, DBusError>) -> Void) {
        let context = ThreadContext(driver: self, address: address, register: register, ready: ready)
        let raw = Unmanaged.passRetained(context).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let context = Unmanaged<ThreadContext>.fromOpaque(raw).takeRetainedValue()
            context.driver.threadMain(context)
            return nil
        }, raw)
        if status != 0 {
            Unmanaged<ThreadContext>.fromOpaque(raw).release()
            ready(.failure(.connectionFailed("cannot start the D-Bus thread (error \(status))")))
            return
        }
        pthread_detach(thread)
    }

    private final class ThreadContext: @unchecked Sendable {
        let driver: DBusDriver
        let address: String
        let register: Bool
        let ready: @Sendable (Result<String, DBusError>) -> Void

        init(driver: DBusDriver, address: String, register: Bool, ready: @escaping @Sendable (Result<String, DBusError>) -> Void) {
            self.driver = driver
            self.address = address
            self.register = register
            self.ready = ready
        }
    }

    private func threadMain(_ context: ThreadContext) {
        do {
            let name = try setUp(address: context.address, register: context.register)
            context.ready(.success(name))
        } catch {
            let waiters = inbox.withLock { inbox in
                inbox.closed = true
                defer { inbox.closeWaiters.removeAll() }
                return inbox.closeWaiters
            }
            for waiter in waiters { waiter.resume() }
            // Break the driver ↔ export-registry cycle; no connection will use them.
            methodCallHandler = nil
            onShutdown = nil
            context.ready(.failure(error))
            return
        }
        while running {
            runCommands()
            dispatchAll()
            if sawDisconnect { shutdown() }
            guard running else { break }
            pollOnce()
        }
        // Commands that raced with shutdown see a nil connection and fail their callers.
        runCommands()
    }

    private func setUp(address: String, register: Bool) throws(DBusError) -> String {
        let conn = try LibDBus.openPrivate(address: address)
        connection = conn
        do {
            let name = register ? try LibDBus.register(conn) : ""
            try installCallbacks(on: conn)
            return name
        } catch {
            connection = nil
            LibDBus.closeAndRelease(conn)
            throw error
        }
    }

    private func runCommands() {
        let commands = inbox.withLock { inbox -> [Command] in
            defer { inbox.commands.removeAll() }
            return inbox.commands
        }
        for command in commands { command(self) }
    }

    private func dispatchAll() {
        guard let conn = connection else { return }
        LibDBus.ref(conn)
        defer { LibDBus.unref(conn) }
        while LibDBus.dispatchOnce(conn), !sawDisconnect {}
        // Out of memory while dispatching: poll briefly and retry instead of sleeping on the fds.
        retryDispatchSoon = LibDBus.needsMemory(conn)
    }

    /// Ends the connection: fails pending calls, finishes signal streams, closes libdbus.
    func shutdown() {
        guard running else { return }
        running = false
        let waiters = inbox.withLock { inbox in
            inbox.closed = true
            defer { inbox.closeWaiters.removeAll() }
            return inbox.closeWaiters
        }
        let calls = pendingCalls
        pendingCalls.removeAll()
        for (_, call) in calls { call.finish(.failure(.disconnected), cancelPending: true) }
        signalRouter.finishAll()
        onShutdown?()
        onShutdown = nil
        methodCallHandler = nil
        if let conn = connection {
            connection = nil
            LibDBus.removeFilter(conn, filterTrampoline, data: Unmanaged.passUnretained(self).toOpaque())
            LibDBus.closeAndRelease(conn)
        }
        watches.removeAll()
        timeouts.removeAll()
        for waiter in waiters { waiter.resume() }
    }
}
