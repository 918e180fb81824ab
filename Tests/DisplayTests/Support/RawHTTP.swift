import BrowserSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct SocketError: Error, CustomStringConvertible {
    var call: String
    var code: Int32
    var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
}

/// A plain HTTP/1.1 client over a loopback TCP socket: sees exactly the bytes the server sends
/// (headers, chunked event stream), and lets a test send any Host header.
final class RawHTTPConnection: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var closed = false

    /// Connects to 127.0.0.1:`port`; reads give up after `readTimeout` seconds.
    init(port: Int, readTimeout: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw SocketError(call: "connect", code: code)
        }
    }

    deinit { close() }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        if !closed {
            closed = true
            Glibc.close(fd)
        }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw SocketError(call: "send", code: errno) }
            offset += n
        }
    }

    /// Reads until the received text contains `marker` (blocking; call through `onThread`).
    /// Returns everything received so far; throws on EOF or read timeout.
    func readUntil(_ marker: String) throws -> String {
        while true {
            let text = String(decoding: buffer, as: UTF8.self)
            if text.contains(marker) { return text }
            try readMore()
        }
    }

    /// Reads until the peer closes the connection.
    func readToEnd() throws -> String {
        while (try? readMore()) != nil {}
        return String(decoding: buffer, as: UTF8.self)
    }

    private struct EndOfStream: Error {}

    private func readMore() throws {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw SocketError(call: "recv", code: errno) }
        if n == 0 { throw EndOfStream() }
        buffer.append(contentsOf: chunk[0..<n])
    }
}

/// One parsed response of a `Connection: close` request.
struct HTTPReply {
    var status: Int
    var headers: [String: String]   // names lower-cased
    var body: String

    static func get(port: Int, path: String, host: String = "127.0.0.1") async throws -> HTTPReply {
        try await onThread {
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            try connection.send("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n")
            return try parse(connection.readToEnd())
        }
    }

    static func parse(_ raw: String) throws -> HTTPReply {
        guard let split = raw.range(of: "\r\n\r\n") else { throw SocketError(call: "parse (no header end)", code: 0) }
        let lines = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPReply(status: status, headers: headers, body: String(raw[split.upperBound...]))
    }
}
