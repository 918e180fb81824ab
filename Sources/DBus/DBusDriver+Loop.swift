import CDBus

#if canImport(Glibc)
import Glibc
#endif

// libdbus callbacks. `data` is the driver, passed unretained: the driver outlives the connection,
// which is closed and released on the driver thread in `shutdown()`.

private func driver(_ data: UnsafeMutableRawPointer?) -> DBusDriver? {
    data.map { Unmanaged<DBusDriver>.fromOpaque($0).takeUnretainedValue() }
}

private let addWatch: DBusAddWatchFunction = { watch, data in
    guard let watch, let driver = driver(data) else { return 0 }
    driver.watches.append(watch)
    return 1
}

private let removeWatch: DBusRemoveWatchFunction = { watch, data in
    guard let watch, let driver = driver(data) else { return }
    driver.watches.removeAll { $0 == watch }
}

// Enabled state is read from libdbus on every loop turn, so toggling needs no bookkeeping.
private let toggleWatch: DBusWatchToggledFunction = { _, _ in }

private let addTimeout: DBusAddTimeoutFunction = { timeout, data in
    guard let timeout, let driver = driver(data) else { return 0 }
    driver.timeouts.append(.init(timeout: timeout, deadline: DBusDriver.deadline(for: timeout)))
    return 1
}

private let removeTimeout: DBusRemoveTimeoutFunction = { timeout, data in
    guard let timeout, let driver = driver(data) else { return }
    driver.timeouts.removeAll { $0.timeout == timeout }
}

private let toggleTimeout: DBusTimeoutToggledFunction = { timeout, data in
    guard let timeout, let driver = driver(data) else { return }
    for index in driver.timeouts.indices where driver.timeouts[index].timeout == timeout {
        driver.timeouts[index].deadline = DBusDriver.deadline(for: timeout)
    }
}

let filterTrampoline: DBusHandleMessageFunction = { _, message, data in
    guard let message, let driver = driver(data) else { return DBUS_HANDLER_RESULT_NOT_YET_HANDLED }
    return driver.handleIncoming(message) ? DBUS_HANDLER_RESULT_HANDLED : DBUS_HANDLER_RESULT_NOT_YET_HANDLED
}

extension DBusDriver {
    static func deadline(for timeout: LibDBus.TimeoutPtr) -> ContinuousClock.Instant {
        .now + .milliseconds(Int(LibDBus.timeoutInterval(timeout)))
    }

    /// Driver thread, during setup.
    func installCallbacks(on conn: LibDBus.ConnectionPtr) throws(DBusError) {
        let data = Unmanaged.passUnretained(self).toOpaque()
        guard LibDBus.setWatchFunctions(conn, add: addWatch, remove: removeWatch, toggled: toggleWatch, data: data),
              LibDBus.setTimeoutFunctions(conn, add: addTimeout, remove: removeTimeout, toggled: toggleTimeout, data: data),
              LibDBus.addFilter(conn, filterTrampoline, data: data)
        else { throw .outOfMemory }
    }

    /// Driver thread: one `poll(2)` over the eventfd and the enabled watches, bounded by the
    /// nearest enabled libdbus timeout; then handles what became ready.
    func pollOnce() {
        var fds = [pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        let active = watches.filter { LibDBus.watchEnabled($0) }
        for watch in active {
            let flags = LibDBus.watchFlags(watch)
            var events: Int16 = 0
            if flags & LibDBus.watchReadable != 0 { events |= Int16(POLLIN) }
            if flags & LibDBus.watchWritable != 0 { events |= Int16(POLLOUT) }
            fds.append(pollfd(fd: LibDBus.watchFD(watch), events: events, revents: 0))
        }
        let result = fds.withUnsafeMutableBufferPointer { buffer in
            poll(buffer.baseAddress, nfds_t(buffer.count), pollTimeoutMilliseconds())
        }
        if result < 0 { return }  // EINTR: just loop again
        if fds[0].revents != 0 { drainWake() }
        if let conn = connection {
            LibDBus.ref(conn)
            for (index, watch) in active.enumerated() {
                let revents = fds[index + 1].revents
                guard revents != 0, watches.contains(watch) else { continue }
                var flags: UInt32 = 0
                if revents & Int16(POLLIN) != 0 { flags |= LibDBus.watchReadable }
                if revents & Int16(POLLOUT) != 0 { flags |= LibDBus.watchWritable }
                if revents & Int16(POLLHUP) != 0 { flags |= LibDBus.watchHangup }
                if revents & Int16(POLLERR) != 0 { flags |= LibDBus.watchError }
                LibDBus.handle(watch, flags: flags)
            }
            LibDBus.unref(conn)
        }
        fireTimeouts()
    }

    private func pollTimeoutMilliseconds() -> Int32 {
        let now = ContinuousClock.now
        var nearest: Duration?
        for entry in timeouts where LibDBus.timeoutEnabled(entry.timeout) {
            let remaining = entry.deadline - now
            if nearest.map({ remaining < $0 }) ?? true { nearest = remaining }
        }
        if retryDispatchSoon { return 10 }
        guard let nearest else { return -1 }
        if nearest <= .zero { return 0 }
        let (seconds, attoseconds) = nearest.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(clamping: milliseconds)
    }

    private func fireTimeouts() {
        let now = ContinuousClock.now
        let due = timeouts.filter { $0.deadline <= now && LibDBus.timeoutEnabled($0.timeout) }.map(\.timeout)
        for timeout in due {
            // A handler may remove other timeouts; only fire those still registered.
            guard let index = timeouts.firstIndex(where: { $0.timeout == timeout }) else { continue }
            timeouts[index].deadline = DBusDriver.deadline(for: timeout)
            LibDBus.handle(timeout)
        }
    }

    private func drainWake() {
        var value: UInt64 = 0
        _ = read(wakeDescriptor, &value, MemoryLayout<UInt64>.size)
    }
}
