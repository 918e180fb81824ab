import Foundation
import GRDBSQLite
import Logging

/// Runs the WAL checkpoints off the reading commit path.
///
/// SQLite's default (`wal_autocheckpoint = 1000`) checkpoints inside the `COMMIT` that takes the WAL
/// past 1,000 frames: that one reading's commit also copies ~4 MB of pages into the database file and
/// fsyncs it, several milliseconds on a virtual disk. With ~7 frames per reading every ~140th reading
/// paid it, and those readings set the pipeline's p99.
///
/// Here the writer connection's WAL hook (which replaces SQLite's auto-checkpoint hook) only signals
/// this object; a dedicated connection runs a `PASSIVE` checkpoint on a utility queue, beside later
/// commits (WAL allows a checkpointer next to the writer and the readers). A checkpoint that copied
/// every frame lets the writer's next transaction start the WAL file over from its beginning, so the
/// file stays about `threshold` frames long, as before.
///
/// If background checkpoints fall far behind (`inlineLimit` frames: the queue is starved, or
/// checkpoints keep failing, e.g. `SQLITE_BUSY` against a long reader), the writer checkpoints inline
/// again, so the WAL stays bounded whatever happens to the background queue.
final class WALCheckpointer: @unchecked Sendable {
    /// SQLite's own auto-checkpoint size, kept: the WAL (and the work per checkpoint) stays as it was.
    static let defaultThreshold: Int32 = 1_000
    /// 5,000 frames ≈ 20 MB of WAL with 4 KiB pages.
    static let defaultInlineLimit: Int32 = 5_000

    let path: String
    let threshold: Int32
    let inlineLimit: Int32
    private let logger: Logger
    private let queue = DispatchQueue(label: "carehub.store.checkpoint", qos: .utility)
    /// The checkpoint connection; used only on `queue`.
    private var connection: OpaquePointer?
    private let lock = NSLock()
    /// Guarded by `lock`: a checkpoint is queued and has not started yet.
    private var scheduled = false
    /// Guarded by `lock`: `close()` was called.
    private var closed = false
    /// Guarded by `lock`: counters for tests and `carehub doctor`.
    private var counters = Counters()

    struct Counters: Equatable {
        /// Background checkpoints that returned `SQLITE_OK`.
        var background = 0
        /// Background checkpoints that found the WAL locked (`SQLITE_BUSY`, e.g. while the writer
        /// starts the WAL over); retried shortly.
        var busy = 0
        /// Background checkpoints that failed otherwise (logged, retried at the next signal).
        var failed = 0
        /// Checkpoints the writer ran inline because the WAL reached `inlineLimit`.
        var inline = 0
    }

    init(path: String, threshold: Int32 = defaultThreshold, inlineLimit: Int32 = defaultInlineLimit, logger: Logger) {
        self.path = path
        self.threshold = max(1, threshold)
        self.inlineLimit = max(self.threshold, inlineLimit)
        self.logger = logger
    }

    deinit {
        if let connection { sqlite3_close_v2(connection) }
    }

    var statistics: Counters { lock.withLock { counters } }

    /// Guarded by `lock`: what the writer's hook holds while installed.
    private var hookContext: Unmanaged<HookContext>?

    /// Installs the hook on the writer connection `db`, replacing SQLite's auto-checkpoint.
    func install(on db: OpaquePointer) {
        let context = Unmanaged.passRetained(HookContext(self))
        lock.withLock {
            hookContext?.release()
            hookContext = context
        }
        sqlite3_wal_hook(db, walHook, context.toOpaque())
    }

    /// Removes the hook from the writer connection `db` (before it closes).
    func uninstall(from db: OpaquePointer) {
        sqlite3_wal_hook(db, nil, nil)
        lock.withLock {
            hookContext?.release()
            hookContext = nil
        }
    }

    /// Called by the writer after each commit with the WAL's size in frames.
    fileprivate func walGrew(writer db: OpaquePointer?, frames: Int32) -> Int32 {
        if frames >= inlineLimit {
            // The background is far behind: do what the auto-checkpoint did, on the writer.
            let code = sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            lock.withLock { counters.inline += 1 }
            if code != SQLITE_OK {
                logger.warning("inline WAL checkpoint failed", metadata: ["code": "\(code)", "frames": "\(frames)"])
            }
            return SQLITE_OK
        }
        guard frames >= threshold else { return SQLITE_OK }
        schedule(after: nil)
        return SQLITE_OK
    }

    private func schedule(after delay: DispatchTimeInterval?) {
        let start = lock.withLock { () -> Bool in
            guard !scheduled, !closed else { return false }
            scheduled = true
            return true
        }
        guard start else { return }
        if let delay {
            queue.asyncAfter(deadline: .now() + delay) { self.checkpoint() }
        } else {
            queue.async { self.checkpoint() }
        }
    }

    /// Runs on `queue`.
    private func checkpoint() {
        let stop = lock.withLock { () -> Bool in
            scheduled = false
            return closed
        }
        if stop { return }
        do {
            let db = try openedConnection()
            var logFrames: Int32 = 0
            var copied: Int32 = 0
            let code = sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied)
            if code == SQLITE_BUSY {
                // PASSIVE never waits; try again shortly rather than at the next commit, which
                // may be hours away on a hub.
                lock.withLock { counters.busy += 1 }
                schedule(after: .milliseconds(50))
                return
            }
            guard code == SQLITE_OK else {
                throw CheckpointFailure(code: code, message: String(cString: sqlite3_errmsg(db)))
            }
            lock.withLock { counters.background += 1 }
            logger.debug("WAL checkpoint", metadata: ["frames": "\(logFrames)", "copied": "\(copied)"])
        } catch {
            lock.withLock { counters.failed += 1 }
            logger.warning("background WAL checkpoint failed; retried at the next commit",
                           metadata: ["error": "\(error)"])
        }
    }

    private struct CheckpointFailure: Error, CustomStringConvertible {
        var code: Int32
        var message: String
        var description: String { "SQLite \(code): \(message)" }
    }

    /// The checkpoint connection, opened on first use: read-write, the store's busy timeout,
    /// `synchronous = FULL` (the checkpoint fsyncs the WAL before and the database after copying)
    /// and persistent WAL like the store's own connections.
    private func openedConnection() throws -> OpaquePointer {
        if let connection { return connection }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw CheckpointFailure(code: code, message: message)
        }
        sqlite3_busy_timeout(db, Int32(GatewayStore.busyTimeout * 1_000))
        var flag: CInt = 1
        _ = withUnsafeMutablePointer(to: &flag) {
            sqlite3_file_control(db, nil, SQLITE_FCNTL_PERSIST_WAL, $0)
        }
        let pragma = sqlite3_exec(db, "PRAGMA synchronous = FULL", nil, nil, nil)
        guard pragma == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(db))
            sqlite3_close_v2(db)
            throw CheckpointFailure(code: pragma, message: message)
        }
        connection = db
        return db
    }

    /// Waits for a queued or running checkpoint to finish (tests).
    func waitUntilIdle() {
        while true {
            queue.sync {}
            if !lock.withLock({ scheduled }) { return }
            usleep(5_000)  // a retry after SQLITE_BUSY is queued for later
        }
    }

    /// Stops signalling, waits for a running checkpoint and closes the connection.
    func close() {
        lock.withLock { closed = true }
        queue.sync {
            if let connection { sqlite3_close_v2(connection) }
            connection = nil
        }
    }

    /// Suspends the background queue (tests: a starved checkpointer). Balance with `resume()`.
    func suspend() { queue.suspend() }
    func resume() { queue.resume() }

    /// What the writer's hook holds: a weak reference, so a store dropped without `close()` does not
    /// keep its checkpointer (and its connection) alive.
    final class HookContext: @unchecked Sendable {
        weak var checkpointer: WALCheckpointer?
        init(_ checkpointer: WALCheckpointer) { self.checkpointer = checkpointer }
    }
}

/// `sqlite3_wal_hook` callback: runs on the writer's thread after each commit, outside any lock of
/// the database (SQLite's auto-checkpoint is this same hook).
private func walHook(context: UnsafeMutableRawPointer?, db: OpaquePointer?,
                     name: UnsafePointer<CChar>?, frames: Int32) -> Int32 {
    guard let context else { return SQLITE_OK }
    let box = Unmanaged<WALCheckpointer.HookContext>.fromOpaque(context).takeUnretainedValue()
    return box.checkpointer?.walGrew(writer: db, frames: frames) ?? SQLITE_OK
}
