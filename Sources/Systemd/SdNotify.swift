#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The service manager's notification socket (sd_notify(3)) without libsystemd: one datagram per
/// message to `$NOTIFY_SOCKET`, a filesystem path or, with a leading `@`, an abstract socket name.
/// Messages are newline-separated `KEY=VALUE` assignments (`READY=1`, `STATUS=…`, `WATCHDOG=1`).
public final class SdNotify: Sendable {
    /// The socket as given in `NOTIFY_SOCKET`.
    public let socket: String
    private let descriptor: Int32
    private let address: [UInt8]

    /// A client for `socket`; throws when it is neither an absolute path nor `@name`.
    public init(socket: String) throws(SdNotifyError) {
        guard socket.hasPrefix("/") || socket.hasPrefix("@"), socket.utf8.count > 1 else {
            throw .unsupportedSocket(socket)
        }
        var bytes = Array(socket.utf8)
        if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        guard bytes.count < capacity else { throw .unsupportedSocket(socket) }
        #if canImport(Glibc)
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = Darwin.socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { throw .system("socket", errno) }
        self.socket = socket
        self.descriptor = fd
        self.address = bytes
    }

    deinit { close(descriptor) }

    /// The client named by `NOTIFY_SOCKET`, nil when the variable is unset or empty (not started by
    /// systemd with `Type=notify`, or `NotifyAccess=none`). With `unsetting`, the variable and the
    /// watchdog's are removed from the environment, so that no child process notifies in our name.
    public static func fromEnvironment(unsetting: Bool = true) throws(SdNotifyError) -> SdNotify? {
        let value = getenv("NOTIFY_SOCKET").map { String(cString: $0) }
        if unsetting { unsetenv("NOTIFY_SOCKET") }
        guard let value, !value.isEmpty else { return nil }
        return try SdNotify(socket: value)
    }

    /// Sends `assignments` (`["READY=1", "STATUS=…"]`) in one datagram. A value with a newline is
    /// cut there: one assignment is one line.
    public func send(_ assignments: [String]) throws(SdNotifyError) {
        let text = assignments.map { $0.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "" }
            .joined(separator: "\n")
        let payload = Array(text.utf8)
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: address) }
        // Abstract names are not NUL-terminated: the length says where they end.
        let length = socklen_t(pathOffset + address.count + (address[0] == 0 ? 0 : 1))
        let sent = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                payload.withUnsafeBytes { bytes in
                    sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), raw, length)
                }
            }
        }
        guard sent >= 0 else { throw .system("sendto \(socket)", errno) }
    }

    /// Sends one assignment.
    public func send(_ assignment: String) throws(SdNotifyError) {
        try send([assignment])
    }

    /// `MONOTONIC_USEC=…` as `RELOADING=1` needs it for `Type=notify-reload`.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}

/// Why a notification could not be sent.
public enum SdNotifyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `NOTIFY_SOCKET` is neither an absolute path nor `@name` (e.g. `vsock:`), or too long.
    case unsupportedSocket(String)
    /// A system call failed with `errno`.
    case system(String, Int32)

    public var description: String {
        switch self {
        case .unsupportedSocket(let socket): "NOTIFY_SOCKET=\(socket) is not a Unix socket path or @name"
        case .system(let call, let code): "\(call): \(String(cString: strerror(code)))"
        }
    }
}
