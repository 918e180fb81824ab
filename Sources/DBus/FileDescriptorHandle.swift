#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An owned unix file descriptor carried in a `DBusValue.unixFD`. Closed when the handle is freed.
///
/// Received descriptors are already duplicated by libdbus for us; sent ones are duplicated by libdbus
/// when the message is built, so the handle stays valid after sending.
public final class FileDescriptorHandle: Hashable, Sendable, CustomStringConvertible {
    /// The descriptor number; valid for the lifetime of this handle.
    public let rawValue: Int32

    /// Takes ownership of `fd`: it is closed when the handle is freed.
    public init(takingOwnershipOf fd: Int32) {
        rawValue = fd
    }

    /// Duplicates `fd` (close-on-exec); the caller keeps ownership of the original.
    public init(duplicating fd: Int32) throws(DBusError) {
        let copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw .invalidArgument("cannot duplicate file descriptor \(fd)") }
        rawValue = copy
    }

    deinit {
        close(rawValue)
    }

    public static func == (lhs: FileDescriptorHandle, rhs: FileDescriptorHandle) -> Bool { lhs === rhs }

    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    public var description: String { "fd(\(rawValue))" }
}
