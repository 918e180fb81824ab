import Foundation
import Logging

/// One line per entry on stderr with the `<N>` syslog priority prefix that journald reads
/// (sd-daemon(3)); used when stderr is the journal (`JOURNAL_STREAM` set). Newlines are escaped
/// so an entry never splits.
struct JournalLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        var line = "<\(Self.priority(event.level))>\(label): \(event.message)"
        if !fields.isEmpty { line += " " + fields }
        line = line.replacingOccurrences(of: "\n", with: "\\n") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// swift-log level → syslog priority.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
