import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why the bearer token could not be used; every case names the file.
public enum TokenFileError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case notRegularFile(path: String)
    case wrongOwner(path: String, owner: UInt32, expected: UInt32)
    case tooOpen(path: String, mode: UInt32)
    case empty(path: String)
    case invalidCharacters(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "token_file \(path) cannot be read: \(reason)"
        case .notRegularFile(let path): "token_file \(path) is not a regular file"
        case .wrongOwner(let path, let owner, let expected):
            "token_file \(path) is owned by uid \(owner), not by the daemon's user (uid \(expected)): chown it"
        case .tooOpen(let path, let mode):
            "token_file \(path) has mode \(String(format: "%04o", mode)): group and others must have no access (chmod 600)"
        case .empty(let path): "token_file \(path) is empty"
        case .invalidCharacters(let path):
            "token_file \(path) holds characters a bearer token cannot have (one line of visible ASCII expected)"
        }
    }
}

/// The bearer token, read from a file that only the daemon's user may read, and read again when the
/// file changes (a rotated token is used from the next request on, without a restart).
struct TokenFile {
    let path: String
    let owner: uid_t
    private var cached: (stamp: Stamp, token: String)?

    private struct Stamp: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, modified: Int, modifiedNanoseconds: Int
    }

    init(path: String, owner: uid_t = geteuid()) {
        self.path = path
        self.owner = owner
    }

    /// The current token; checks ownership and mode every time the file changed.
    mutating func token() throws(TokenFileError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        let stamp = Self.stamp(info)
        if let cached, cached.stamp == stamp { return cached.token }
        let token = try Self.read(path: path, owner: owner)
        cached = (stamp, token)
        return token
    }

    /// Reads and checks the file (owner, no group/other permission bits, one token).
    static func read(path: String, owner: uid_t) throws(TokenFileError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path: path) }
        guard info.st_uid == owner else { throw .wrongOwner(path: path, owner: info.st_uid, expected: owner) }
        let mode = UInt32(info.st_mode) & 0o7777
        guard mode & 0o077 == 0 else { throw .tooOpen(path: path, mode: mode) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= 65_536 {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .empty(path: path) }
        // A header value: no spaces, controls or non-ASCII (no header injection, no surprises).
        guard token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .invalidCharacters(path: path) }
        return token
    }

    private static func stamp(_ info: stat) -> Stamp {
        Stamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
              modified: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec)
    }
}
