import Foundation
import Logging

/// Keeps every log line (level, message, metadata) so tests can check what an operator sees.
final class LogLines: @unchecked Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
        var text: String { "\(message) \(metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))" }
    }

    private let lock = NSLock()
    private var stored: [Line] = []

    var lines: [Line] { lock.withLock { stored } }

    func append(_ line: Line) { lock.withLock { stored.append(line) } }

    func logger(_ label: String = "test.forwarding") -> Logger {
        var logger = Logger(label: label) { _ in RecordingLogHandler(sink: self) }
        logger.logLevel = .debug
        return logger
    }
}

struct RecordingLogHandler: LogHandler {
    let sink: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        sink.append(.init(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
    }
}
