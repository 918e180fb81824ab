import Foundation
import Logging

/// The daemon's log level, changeable while it runs (SIGHUP re-reads `log_level`). Handlers made by
/// `bootstrap` read it on every entry unless a logger set its own level.
final class LogLevelControl: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Logger.Level

    init(_ level: Logger.Level) {
        current = level
    }

    var level: Logger.Level {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// Bootstraps swift-log: journald priorities when stderr is the journal, else plain lines.
    func bootstrap(journal: Bool) {
        LoggingSystem.bootstrap { [self] label in
            let inner: any LogHandler = journal ? JournalLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            return LevelFollowingHandler(inner: inner, control: self)
        }
    }
}

/// A handler whose level follows `LogLevelControl` until someone sets it.
struct LevelFollowingHandler: LogHandler {
    var inner: any LogHandler
    let control: LogLevelControl
    private var override: Logger.Level?

    init(inner: any LogHandler, control: LogLevelControl) {
        self.inner = inner
        self.control = control
    }

    var logLevel: Logger.Level {
        get { override ?? control.level }
        set { override = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        inner.log(event: event)
    }
}
