import Foundation
import GRDBSQLite

/// Who may read the hub's database files: the database and its `-wal` and `-shm`.
public struct DatabaseFileAccess: Sendable, Hashable {
    /// Permission bits (`0o600`, `0o640`); never readable by others.
    public var mode: mode_t
    /// The group the files belong to when `mode` lets a group read them.
    public var group: gid_t?

    /// Owner only (`0600`): the default.
    public static let ownerOnly = DatabaseFileAccess(mode: 0o600, group: nil)

    /// Owner read-write, `group` read (`0640`): for the technician CLI's group (`carehub-admin`).
    public static func group(_ gid: gid_t) -> DatabaseFileAccess { DatabaseFileAccess(mode: 0o640, group: gid) }
}

/// What happens to the database file before SQLite opens it for writing, and to its companions after.
/// SQLite gives `-wal` and `-shm` the database file's mode, so creating the database file with the
/// right mode (before SQLite does, with the umask's) sets all three.
enum DatabaseFiles {
    static let companions = ["-wal", "-shm"]

    /// Refuses a relative path; checks an existing file read-only (header, then `PRAGMA quick_check`)
    /// so that a damaged file is refused before any byte of it changes; creates a missing file with
    /// `access`'s mode (or refuses, when `create` is false); sets `access` on the existing files.
    static func prepare(path: String, access: DatabaseFileAccess?, create: Bool) throws(StoreError) {
        guard path.hasPrefix("/") else { throw .cannotOpen(path: path, detail: "not an absolute path") }
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else { throw .cannotOpen(path: path, detail: String(cString: strerror(errno))) }
            guard create else { throw .cannotOpen(path: path, detail: "the file does not exist") }
            try createEmpty(path: path, access: access ?? .ownerOnly)
            return
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .cannotOpen(path: path, detail: "not a regular file") }
        try checkReadOnly(path: path, size: Int(info.st_size))
        if let access { try apply(access, to: path) }
    }

    /// Sets `access` on the database and the companions that exist (after SQLite created them with
    /// its own group).
    static func applyToCompanions(path: String, access: DatabaseFileAccess?) throws(StoreError) {
        guard let access else { return }
        for suffix in companions where FileManager.default.fileExists(atPath: path + suffix) {
            try apply(access, to: path + suffix)
        }
    }

    static func createEmpty(path: String, access: DatabaseFileAccess) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, access.mode)
        guard fd >= 0 else {
            let detail = errno == ENOENT ? "its directory does not exist" : String(cString: strerror(errno))
            throw .cannotOpen(path: path, detail: detail)
        }
        defer { close(fd) }
        // The umask may have taken bits away (never added any): set the mode exactly.
        guard fchmod(fd, access.mode) == 0, access.group.map({ fchown(fd, uid_t.max, $0) == 0 }) ?? true else {
            let detail = String(cString: strerror(errno))
            unlink(path)
            throw .cannotOpen(path: path, detail: "cannot set its mode or group (\(detail))")
        }
    }

    static func apply(_ access: DatabaseFileAccess, to file: String) throws(StoreError) {
        var info = stat()
        guard stat(file, &info) == 0 else { return }
        if let group = access.group, info.st_gid != group, chown(file, uid_t.max, group) != 0 {
            throw .cannotOpen(path: file, detail: "cannot give it group \(group) (\(String(cString: strerror(errno))))")
        }
        if info.st_mode & 0o777 != access.mode, chmod(file, access.mode) != 0 {
            throw .cannotOpen(path: file, detail: "cannot make it mode \(String(access.mode, radix: 8)) (\(String(cString: strerror(errno))))")
        }
    }

    /// The SQLite header and `PRAGMA quick_check` on a read-only connection: nothing is written to the
    /// database file (a read-write open would switch it to WAL and grow it before noticing damage).
    static func checkReadOnly(path: String, size: Int) throws(StoreError) {
        guard size > 0 else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotOpen(path: path, detail: String(cString: strerror(errno)))
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\u{0}".utf8) else {
            throw .corrupt(path: path, detail: "the file does not start with an SQLite header")
        }
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        var code = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY, nil)
        guard code == SQLITE_OK, let connection else { throw failure(path: path, code: code, connection: connection) }
        sqlite3_busy_timeout(connection, Int32(HubStore.busyTimeout * 1000))
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        code = sqlite3_prepare_v2(connection, "PRAGMA quick_check(1)", -1, &statement, nil)
        guard code == SQLITE_OK else { throw failure(path: path, code: code, connection: connection) }
        code = sqlite3_step(statement)
        guard code == SQLITE_ROW else { throw failure(path: path, code: code, connection: connection) }
        let result = sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? ""
        guard result == "ok" else { throw .corrupt(path: path, detail: "quick_check: \(result)") }
    }

    static func failure(path: String, code: Int32, connection: OpaquePointer?) -> StoreError {
        let detail = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        switch code & 0xFF {
        case SQLITE_CORRUPT, SQLITE_NOTADB: return .corrupt(path: path, detail: detail)
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy(path: path)
        case SQLITE_CANTOPEN: return .cannotOpen(path: path, detail: detail)
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH: return .readOnly(path: path, detail: detail)
        default: return .sqlite(path: path, code: code, detail: detail)
        }
    }
}
