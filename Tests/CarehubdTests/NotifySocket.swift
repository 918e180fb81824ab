import Foundation

/// A datagram socket bound where `NOTIFY_SOCKET` points (a path, or `@name` for an abstract one),
/// as systemd binds it: each datagram is one notification.
final class NotifySocket: @unchecked Sendable {
    let descriptor: Int32
    /// The value for `NOTIFY_SOCKET`.
    let name: String

    init(name: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        self.descriptor = descriptor
        self.name = name
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    deinit { close(descriptor) }

    /// The next datagram, or nil when none arrives within `seconds` (poll(2) on a pool thread).
    func next(within seconds: Double = 30) async -> String? {
        await Task.detached { [descriptor] in
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(seconds * 1000)) == 1 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            return count < 0 ? nil : String(decoding: buffer[0..<count], as: UTF8.self)
        }.value
    }

    /// Datagrams until one satisfies `matches` (returned with all before it), or nil after `seconds`.
    func collect(until matches: (String) -> Bool, within seconds: Double = 30) async -> [String]? {
        var seen: [String] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            guard let message = await next(within: max(0.1, Double((deadline - ContinuousClock.now).components.seconds))) else { continue }
            seen.append(message)
            if matches(message) { return seen }
        }
        return nil
    }
}
