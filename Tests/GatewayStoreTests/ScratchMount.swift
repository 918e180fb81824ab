import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A small tmpfs mounted for one test (needs root / CAP_SYS_ADMIN); unmounted on deinit.
final class ScratchMount {
    let dir: TempDirectory
    var path: String { dir.path }
    var databasePath: String { dir.databasePath }
    private let size: String

    /// True when this process can mount a tmpfs (root in a privileged container or VM).
    static let available: Bool = {
        #if os(Linux)
        guard geteuid() == 0, let probe = try? ScratchMount(size: "64k") else { return false }
        _ = probe
        return true
        #else
        return false
        #endif
    }()

    static let skipReason: Comment = "needs root with CAP_SYS_ADMIN to mount a tmpfs; skipped here"

    init(size: String) throws {
        dir = try TempDirectory()
        self.size = size
        #if os(Linux)
        guard mount("tmpfs", dir.path, "tmpfs", 0, "size=\(size),mode=0755") == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM)
        }
        #endif
    }

    /// Remounts read-only (as a failing SD card or an `ro` bind mount would be).
    func remount(readOnly: Bool) throws {
        #if os(Linux)
        let flags = UInt(MS_REMOUNT) | (readOnly ? UInt(MS_RDONLY) : 0)
        guard mount("tmpfs", dir.path, "tmpfs", flags, "size=\(size)") == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM)
        }
        #endif
    }

    deinit {
        #if os(Linux)
        _ = umount2(dir.path, Int32(MNT_DETACH))
        #endif
    }
}
