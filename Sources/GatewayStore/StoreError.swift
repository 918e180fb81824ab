import GRDB

/// Why a store operation failed. Every message says what happened and what to do.
///
/// For all write errors the transaction was rolled back: nothing of the operation is stored
/// and earlier data is intact.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// SQLITE_FULL: the filesystem (or the database's page limit) is full.
    case diskFull(path: String)
    /// SQLITE_READONLY or a permission error: the file, directory or mount is not writable.
    case readOnly(path: String, detail: String)
    /// SQLITE_CANTOPEN: the file or its directory cannot be opened or created.
    case cannotOpen(path: String, detail: String)
    /// SQLITE_CORRUPT / SQLITE_NOTADB.
    case corrupt(path: String, detail: String)
    /// The database was migrated by a newer CareHub (unknown migrations applied).
    case schemaTooNew(path: String, unknownMigrations: [String])
    /// The database lacks migrations this build needs (read-only openers cannot migrate).
    case schemaOutdated(path: String, missingMigrations: [String])
    /// `PRAGMA synchronous` did not read back as FULL on the writer.
    case notDurable(path: String, synchronous: Int)
    /// A constraint failed (e.g. invalid JSON in a JSON column).
    case constraint(detail: String)
    /// Another process held the write lock beyond the busy timeout.
    case busy(path: String)
    /// The caller passed a value the store refuses (nothing was written).
    case invalidInput(String)
    /// An I/O error or any other SQLite failure.
    case sqlite(path: String, code: Int32, detail: String)

    public var description: String {
        switch self {
        case .diskFull(let path):
            return "disk full: the database at \(path) cannot grow; nothing of this operation was stored "
                + "and earlier data is intact. Free space on the filesystem holding \(path)."
        case .readOnly(let path, let detail):
            return "read-only: the database at \(path) cannot be written (\(detail)); nothing was stored. "
                + "Check the file, its directory (for -wal/-shm) and the mount are writable by the daemon's user."
        case .cannotOpen(let path, let detail):
            return "cannot open the database at \(path) (\(detail)). Check the directory exists and is "
                + "writable by the daemon's user."
        case .corrupt(let path, let detail):
            return "corrupt database at \(path) (\(detail)). Stop carehubd, keep a copy of the file with its "
                + "-wal and -shm, and restore from backup or move it aside to start empty."
        case .schemaTooNew(let path, let unknown):
            return "the database at \(path) was written by a newer CareHub (migrations \(unknown.joined(separator: ", ")) "
                + "unknown here). Install the newer version; downgrading is not supported."
        case .schemaOutdated(let path, let missing):
            return "the database at \(path) lacks migrations \(missing.joined(separator: ", ")). "
                + "Start carehubd once (it migrates), then retry."
        case .notDurable(let path, let synchronous):
            return "the database at \(path) reports PRAGMA synchronous = \(synchronous), not 2 (FULL); "
                + "refusing to store readings that could be lost on power loss."
        case .constraint(let detail):
            return "constraint failed: \(detail); nothing of this operation was stored."
        case .busy(let path):
            return "the database at \(path) stayed locked by another process beyond the busy timeout; retry."
        case .invalidInput(let detail):
            return "invalid input: \(detail); nothing was stored."
        case .sqlite(let path, let code, let detail):
            return "SQLite error \(code) on \(path): \(detail)"
        }
    }

    /// Maps any error thrown inside a GRDB call to a `StoreError`.
    static func from(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let dbError = error as? DatabaseError else {
            return .sqlite(path: path, code: -1, detail: String(describing: error))
        }
        let detail = dbError.message ?? "no message"
        switch dbError.resultCode {
        case .SQLITE_FULL: return .diskFull(path: path)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: return .readOnly(path: path, detail: detail)
        case .SQLITE_CANTOPEN: return .cannotOpen(path: path, detail: detail)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return .corrupt(path: path, detail: detail)
        case .SQLITE_CONSTRAINT: return .constraint(detail: detail)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
        default:
            return .sqlite(path: path, code: dbError.extendedResultCode.rawValue, detail: detail)
        }
    }
}
