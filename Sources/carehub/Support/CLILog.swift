import Logging

/// The CLI's logging: libraries log to stderr, quietly by default (errors only) so the technician
/// sees the command's own words; CAREHUB_LOG_LEVEL=debug shows everything.
enum CLILog {
    static func bootstrap() {
        let level = environment("CAREHUB_LOG_LEVEL").flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .error
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    static func logger(_ label: String) -> Logger {
        Logger(label: label)
    }
}
