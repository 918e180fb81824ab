import CDBus

#if canImport(Glibc)
import Glibc
#endif

/// The only file that calls libdbus. Every C entry point used by the binding is wrapped here, so
/// reference counting, out-of-memory handling and tracing live in one place (cf. swift-system's
/// Syscalls.swift). Connection-level functions must only be called on the driver thread (see
/// `DBusDriver`); message and iterator functions may run on any thread for a message that thread owns.
enum LibDBus {
    typealias ConnectionPtr = OpaquePointer
    typealias MessagePtr = OpaquePointer
    typealias PendingPtr = OpaquePointer
    typealias WatchPtr = OpaquePointer
    typealias TimeoutPtr = OpaquePointer
    typealias Iter = UnsafeMutablePointer<DBusMessageIter>

    /// libdbus type codes: the header macros are `((int) 's')` and are not imported by Swift.
    enum TypeCode {
        static let invalid: Int32 = 0
        static let byte = Int32(UInt8(ascii: "y"))
        static let boolean = Int32(UInt8(ascii: "b"))
        static let int16 = Int32(UInt8(ascii: "n"))
        static let uint16 = Int32(UInt8(ascii: "q"))
        static let int32 = Int32(UInt8(ascii: "i"))
        static let uint32 = Int32(UInt8(ascii: "u"))
        static let int64 = Int32(UInt8(ascii: "x"))
        static let uint64 = Int32(UInt8(ascii: "t"))
        static let double = Int32(UInt8(ascii: "d"))
        static let string = Int32(UInt8(ascii: "s"))
        static let objectPath = Int32(UInt8(ascii: "o"))
        static let signature = Int32(UInt8(ascii: "g"))
        static let unixFD = Int32(UInt8(ascii: "h"))
        static let array = Int32(UInt8(ascii: "a"))
        static let variant = Int32(UInt8(ascii: "v"))
        static let structure = Int32(UInt8(ascii: "r"))
        static let dictEntry = Int32(UInt8(ascii: "e"))
    }

    /// Message types as returned by `dbus_message_get_type`.
    enum MessageType {
        static let methodCall: Int32 = 1
        static let methodReturn: Int32 = 2
        static let error: Int32 = 3
        static let signal: Int32 = 4
    }

    /// Set `CAREHUB_DBUS_TRACE=1` to log every message sent and received to stderr (headers only).
    static let tracing: Bool = getenv("CAREHUB_DBUS_TRACE") != nil

    static func trace(_ text: @autoclosure () -> String) {
        guard tracing else { return }
        let line = "[dbus] \(text())\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    // MARK: threads, memory

    /// `dbus_threads_init_default` runs exactly once, before any other libdbus call (lazy global).
    static let threadsInitialised: Bool = dbus_threads_init_default() != 0

    static func freeString(_ pointer: UnsafeMutablePointer<CChar>?) {
        dbus_free(pointer)
    }

    // MARK: connection (driver thread only)

    static func openPrivate(address: String) throws(DBusError) -> ConnectionPtr {
        _ = threadsInitialised
        var error = DBusCError()
        defer { error.free() }
        guard let connection = address.withCString({ dbus_connection_open_private($0, &error.raw) }) else {
            throw .connectionFailed(error.text ?? "cannot open \(address)")
        }
        dbus_connection_set_exit_on_disconnect(connection, 0)
        return connection
    }

    /// Sends Hello. Blocks the calling (driver) thread; only used during setup before the loop runs.
    static func register(_ connection: ConnectionPtr) throws(DBusError) -> String {
        var error = DBusCError()
        defer { error.free() }
        guard dbus_bus_register(connection, &error.raw) != 0 else {
            throw .connectionFailed(error.text ?? "Hello failed")
        }
        guard let name = dbus_bus_get_unique_name(connection) else {
            throw .connectionFailed("bus assigned no unique name")
        }
        return String(cString: name)
    }

    static func closeAndRelease(_ connection: ConnectionPtr) {
        dbus_connection_close(connection)
        dbus_connection_unref(connection)
    }

    static func ref(_ connection: ConnectionPtr) { _ = dbus_connection_ref(connection) }
    static func unref(_ connection: ConnectionPtr) { dbus_connection_unref(connection) }

    static func isConnected(_ connection: ConnectionPtr) -> Bool {
        dbus_connection_get_is_connected(connection) != 0
    }

    static func canSendFileDescriptors(_ connection: ConnectionPtr) -> Bool {
        dbus_connection_can_send_type(connection, TypeCode.unixFD) != 0
    }

    static func setWatchFunctions(
        _ connection: ConnectionPtr, add: DBusAddWatchFunction, remove: DBusRemoveWatchFunction,
        toggled: DBusWatchToggledFunction, data: UnsafeMutableRawPointer
    ) -> Bool {
        dbus_connection_set_watch_functions(connection, add, remove, toggled, data, nil) != 0
    }

    static func setTimeoutFunctions(
        _ connection: ConnectionPtr, add: DBusAddTimeoutFunction, remove: DBusRemoveTimeoutFunction,
        toggled: DBusTimeoutToggledFunction, data: UnsafeMutableRawPointer
    ) -> Bool {
        dbus_connection_set_timeout_functions(connection, add, remove, toggled, data, nil) != 0
    }

    static func addFilter(_ connection: ConnectionPtr, _ filter: DBusHandleMessageFunction, data: UnsafeMutableRawPointer) -> Bool {
        dbus_connection_add_filter(connection, filter, data, nil) != 0
    }

    static func removeFilter(_ connection: ConnectionPtr, _ filter: DBusHandleMessageFunction, data: UnsafeMutableRawPointer) {
        dbus_connection_remove_filter(connection, filter, data)
    }

    /// Dispatches one queued message; true if more data remains.
    static func dispatchOnce(_ connection: ConnectionPtr) -> Bool {
        guard dbus_connection_get_dispatch_status(connection) == DBUS_DISPATCH_DATA_REMAINS else { return false }
        return dbus_connection_dispatch(connection) == DBUS_DISPATCH_DATA_REMAINS
    }

    static func needsMemory(_ connection: ConnectionPtr) -> Bool {
        dbus_connection_get_dispatch_status(connection) == DBUS_DISPATCH_NEED_MEMORY
    }

    /// Queues a message; false on out-of-memory.
    static func send(_ connection: ConnectionPtr, _ message: Message) -> Bool {
        trace("send \(message.traceSummary)")
        return dbus_connection_send(connection, message.pointer, nil) != 0
    }

    /// Queues a method call and returns its pending call (owned), or nil on out-of-memory/disconnect.
    static func sendWithReply(_ connection: ConnectionPtr, _ message: Message, timeoutMilliseconds: Int32) -> PendingPtr? {
        trace("call \(message.traceSummary)")
        var pending: OpaquePointer?
        guard dbus_connection_send_with_reply(connection, message.pointer, &pending, timeoutMilliseconds) != 0 else {
            return nil
        }
        return pending
    }

    // MARK: pending calls

    static func setNotify(_ pending: PendingPtr, _ function: DBusPendingCallNotifyFunction,
                          data: UnsafeMutableRawPointer, free: DBusFreeFunction) -> Bool {
        dbus_pending_call_set_notify(pending, function, data, free) != 0
    }

    static func stealReply(_ pending: PendingPtr) -> Message? {
        dbus_pending_call_steal_reply(pending).map { Message(taking: $0) }
    }

    static func cancel(_ pending: PendingPtr) { dbus_pending_call_cancel(pending) }
    static func unref(pending: PendingPtr) { dbus_pending_call_unref(pending) }

    // MARK: watches and timeouts

    static func watchFD(_ watch: WatchPtr) -> Int32 { dbus_watch_get_unix_fd(watch) }
    static func watchFlags(_ watch: WatchPtr) -> UInt32 { dbus_watch_get_flags(watch) }
    static func watchEnabled(_ watch: WatchPtr) -> Bool { dbus_watch_get_enabled(watch) != 0 }
    static func handle(_ watch: WatchPtr, flags: UInt32) { _ = dbus_watch_handle(watch, flags) }
    static let watchReadable = DBUS_WATCH_READABLE.rawValue
    static let watchWritable = DBUS_WATCH_WRITABLE.rawValue
    static let watchHangup = DBUS_WATCH_HANGUP.rawValue
    static let watchError = DBUS_WATCH_ERROR.rawValue

    static func timeoutInterval(_ timeout: TimeoutPtr) -> Int32 { dbus_timeout_get_interval(timeout) }
    static func timeoutEnabled(_ timeout: TimeoutPtr) -> Bool { dbus_timeout_get_enabled(timeout) != 0 }
    static func handle(_ timeout: TimeoutPtr) { _ = dbus_timeout_handle(timeout) }

    // MARK: messages

    static func newMethodCall(destination: String?, path: String, interface: String?, member: String) throws(DBusError) -> Message {
        _ = threadsInitialised
        let pointer = withOptionalCString(destination) { dest in
            path.withCString { p in
                withOptionalCString(interface) { i in
                    member.withCString { m in dbus_message_new_method_call(dest, p, i, m) }
                }
            }
        }
        guard let pointer else { throw .outOfMemory }
        return Message(taking: pointer)
    }

    static func newSignal(path: String, interface: String, member: String) throws(DBusError) -> Message {
        _ = threadsInitialised
        let pointer = path.withCString { p in
            interface.withCString { i in member.withCString { m in dbus_message_new_signal(p, i, m) } }
        }
        guard let pointer else { throw .outOfMemory }
        return Message(taking: pointer)
    }

    static func newMethodReturn(to call: Message) throws(DBusError) -> Message {
        guard let pointer = dbus_message_new_method_return(call.pointer) else { throw .outOfMemory }
        return Message(taking: pointer)
    }

    /// `name` must already be a valid error name.
    static func newError(to call: Message, name: String, text: String) throws(DBusError) -> Message {
        let pointer = name.withCString { n in text.withCString { t in dbus_message_new_error(call.pointer, n, t) } }
        guard let pointer else { throw .outOfMemory }
        return Message(taking: pointer)
    }

    static func ref(message: MessagePtr) -> Message {
        Message(taking: dbus_message_ref(message))
    }

    static func unref(message: MessagePtr) { dbus_message_unref(message) }

    static func type(_ m: MessagePtr) -> Int32 { dbus_message_get_type(m) }
    static func path(_ m: MessagePtr) -> String? { dbus_message_get_path(m).map { String(cString: $0) } }
    static func interface(_ m: MessagePtr) -> String? { dbus_message_get_interface(m).map { String(cString: $0) } }
    static func member(_ m: MessagePtr) -> String? { dbus_message_get_member(m).map { String(cString: $0) } }
    static func sender(_ m: MessagePtr) -> String? { dbus_message_get_sender(m).map { String(cString: $0) } }
    static func destination(_ m: MessagePtr) -> String? { dbus_message_get_destination(m).map { String(cString: $0) } }
    static func errorName(_ m: MessagePtr) -> String? { dbus_message_get_error_name(m).map { String(cString: $0) } }
    static func signature(_ m: MessagePtr) -> String { dbus_message_get_signature(m).map { String(cString: $0) } ?? "" }
    static func noReply(_ m: MessagePtr) -> Bool { dbus_message_get_no_reply(m) != 0 }
    static func serial(_ m: MessagePtr) -> UInt32 { dbus_message_get_serial(m) }

    static func isSignal(_ m: MessagePtr, interface: String, member: String) -> Bool {
        interface.withCString { i in member.withCString { mem in dbus_message_is_signal(m, i, mem) != 0 } }
    }

    // MARK: iterators

    static func initAppend(_ message: Message, _ iter: Iter) { dbus_message_iter_init_append(message.pointer, iter) }

    /// True if the message has arguments.
    static func initRead(_ message: Message, _ iter: Iter) -> Bool { dbus_message_iter_init(message.pointer, iter) != 0 }

    static func appendBasic(_ iter: Iter, _ type: Int32, _ value: UnsafeRawPointer) -> Bool {
        dbus_message_iter_append_basic(iter, type, value) != 0
    }

    static func appendString(_ iter: Iter, _ type: Int32, _ text: String) -> Bool {
        text.withCString { cString in
            var pointer: UnsafePointer<CChar>? = cString
            return withUnsafePointer(to: &pointer) { dbus_message_iter_append_basic(iter, type, $0) != 0 }
        }
    }

    static func appendFixedBytes(_ iter: Iter, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var base = buffer.baseAddress
            return withUnsafePointer(to: &base) {
                dbus_message_iter_append_fixed_array(iter, TypeCode.byte, $0, Int32(buffer.count)) != 0
            }
        }
    }

    static func openContainer(_ iter: Iter, _ type: Int32, _ contained: String?, _ sub: Iter) -> Bool {
        withOptionalCString(contained) { dbus_message_iter_open_container(iter, type, $0, sub) != 0 }
    }

    static func closeContainer(_ iter: Iter, _ sub: Iter) -> Bool {
        dbus_message_iter_close_container(iter, sub) != 0
    }

    static func abandonContainer(_ iter: Iter, _ sub: Iter) {
        dbus_message_iter_abandon_container_if_open(iter, sub)
    }

    static func argType(_ iter: Iter) -> Int32 { dbus_message_iter_get_arg_type(iter) }
    static func next(_ iter: Iter) { _ = dbus_message_iter_next(iter) }
    static func recurse(_ iter: Iter, _ sub: Iter) { dbus_message_iter_recurse(iter, sub) }
    static func getBasic(_ iter: Iter, _ value: UnsafeMutableRawPointer) { dbus_message_iter_get_basic(iter, value) }

    static func getString(_ iter: Iter) -> String {
        var pointer: UnsafePointer<CChar>?
        dbus_message_iter_get_basic(iter, &pointer)
        return pointer.map { String(cString: $0) } ?? ""
    }

    static func getFixedBytes(_ iter: Iter) -> [UInt8] {
        var base: UnsafeRawPointer?
        var count: Int32 = 0
        withUnsafeMutablePointer(to: &base) { dbus_message_iter_get_fixed_array(iter, $0, &count) }
        guard let base, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: Int(count)))
    }

    /// The signature of the value at the iterator; nil on out-of-memory.
    static func iterSignature(_ iter: Iter) -> String? {
        guard let raw = dbus_message_iter_get_signature(iter) else { return nil }
        defer { dbus_free(raw) }
        return String(cString: raw)
    }

    // MARK: helpers

    private static func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }
}

/// RAII wrapper of a C `DBusError`.
struct DBusCError {
    var raw = CDBus.DBusError()

    init() { dbus_error_init(&raw) }

    mutating func free() { dbus_error_free(&raw) }

    var text: String? {
        var raw = raw
        guard dbus_error_is_set(&raw) != 0 else { return nil }
        let name = raw.name.map { String(cString: $0) } ?? ""
        let message = raw.message.map { String(cString: $0) } ?? ""
        return "\(name): \(message)"
    }
}
