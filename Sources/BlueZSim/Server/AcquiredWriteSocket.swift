#if canImport(Glibc)
import Glibc
#endif
@preconcurrency import Dispatch
import Synchronization

/// bluetoothd's end of an AcquireWrite socket: a dispatch read source (off the cooperative pool)
/// reads each SOCK_SEQPACKET datagram and hands it, in order, to `handler`; the client closing its
/// end is reported once as `.closed`.
final class AcquiredWriteSocket {
    enum Event: Sendable {
        case datagram([UInt8])
        case closed
    }

    private let descriptor: Int32
    private let source: any DispatchSourceRead
    private let continuation: AsyncStream<Event>.Continuation
    private let closed = Mutex(false)

    init(descriptor: Int32, handler: @escaping @Sendable (Event) async -> Void) {
        self.descriptor = descriptor
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        self.continuation = continuation
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "bluez-sim.acquire-write"))
        source.setEventHandler { [descriptor, continuation, source] in
            var buffer = [UInt8](repeating: 0, count: 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if count > 0 {
                    continuation.yield(.datagram(Array(buffer[0..<count])))
                } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    // EOF: the client closed its end (or the socket failed).
                    source.cancel()
                    continuation.yield(.closed)
                    continuation.finish()
                    return
                } else if errno != EINTR {
                    return
                }
            }
        }
        source.resume()
        Task {
            for await event in stream { await handler(event) }
        }
    }

    /// Stops reading and closes our end (the client sees HUP). Idempotent.
    func close() {
        guard closed.withLock({ closed in defer { closed = true }; return !closed }) else { return }
        source.setCancelHandler { [descriptor] in _ = Glibc.close(descriptor) }
        source.cancel()
        continuation.finish()
    }
}
