import Foundation
import TOMLKit

/// A config file read and checked: the typed value and where each key was written, so that
/// later checks (carehubd's file checks) can name the line too.
public struct ConfigFile: Sendable {
    /// carehubd's and the CLI's config file when none is given and it exists.
    public static let defaultPath = "/etc/carehub/carehubd.toml"

    /// The file's path; nil for the built-in defaults (no file).
    public let path: String?
    /// The checked settings.
    public let config: HubConfig
    /// The file's format, as detected.
    public let format: Format?
    let lines: KeyLines

    /// How the file was read: JSON when its first non-blank character is `{` (the format before
    /// 0.3), else TOML.
    public enum Format: String, Sendable { case toml = "TOML", json = "JSON" }

    /// The built-in defaults, no file.
    public init() {
        path = nil
        config = HubConfig()
        format = nil
        lines = KeyLines()
    }

    init(path: String, config: HubConfig, format: Format, lines: KeyLines) {
        self.path = path
        self.config = config
        self.format = format
        self.lines = lines
    }

    /// An error about `path` (e.g. `["forwarding", "token_file"]`) with its line in this file.
    public func error(_ problem: ConfigProblem) -> ConfigError {
        ConfigError(file: path ?? "the built-in defaults", line: lines.line(for: problem.path),
                    key: problem.path.isEmpty ? nil : problem.path.joined(separator: "."), problem: problem.problem)
    }

    /// The file at `path`, else (when `path` is nil) the default file if it exists, else the defaults.
    public static func loadOrDefault(path: String?) throws(ConfigError) -> ConfigFile {
        if let path { return try load(path: path) }
        return FileManager.default.fileExists(atPath: defaultPath) ? try load(path: defaultPath) : ConfigFile()
    }

    /// Reads and checks a config file; every problem is one `ConfigError` naming the key and line.
    public static func load(path: String) throws(ConfigError) -> ConfigFile {
        func fail(_ problem: String) -> ConfigError { ConfigError(file: path, line: nil, key: nil, problem: problem) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw fail(errno == ENOENT ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))")
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw fail("is a directory, not a config file (give the file: --config DIR/carehubd.toml)") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw fail("is not a regular file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw fail("cannot be read (\(String(cString: strerror(errno)))): check its owner and mode")
        }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() ?? Data() else { throw fail("cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("is not UTF-8 text") }
        return try parse(text, file: path)
    }

    /// Checks config text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigFile {
        let isJSON = text.first { !$0.isWhitespace } == "{"
        let lines = isJSON ? KeyLines.json(text) : KeyLines.toml(text)
        func error(_ path: [String], _ problem: String) -> ConfigError {
            ConfigError(file: file, line: lines.line(for: path), key: path.isEmpty ? nil : path.joined(separator: "."), problem: problem)
        }
        let config: HubConfig
        do {
            if isJSON {
                if let duplicate = lines.duplicate {
                    throw ConfigError(file: file, line: duplicate.line, key: duplicate.path.joined(separator: "."),
                                      problem: "is given twice; a key may appear once")
                }
                config = try JSONDecoder().decode(HubConfig.self, from: Data(text.utf8))
            } else {
                let table: TOMLTable
                do {
                    table = try TOMLTable(string: text)
                } catch let parse as TOMLParseError {
                    let line = parse.source.begin.line
                    let key = lines.key(atLine: line)
                    if parse.description.contains("redefine"), let key, let first = lines.line(for: key.split(separator: ".").map(String.init)) {
                        throw ConfigError(file: file, line: line, key: key, problem: "is given twice (first on line \(first)); a key may appear once")
                    }
                    let detail = parse.description.replacingOccurrences(of: #"^Error while parsing [a-z -]+: "#, with: "", options: .regularExpression)
                    throw ConfigError(file: file, line: line, key: key, problem: "is not valid TOML here: \(detail)")
                }
                config = try TOMLDecoder().decode(HubConfig.self, from: table)
            }
        } catch let configError as ConfigError {
            throw configError
        } catch let problem as ConfigProblem {
            throw error(problem.path, problem.problem)
        } catch let decoding as DecodingError {
            throw describe(decoding, error: error)
        } catch {
            throw ConfigError(file: file, line: nil, key: nil, problem: "cannot be read: \(error)")
        }
        if let problem = config.problem() { throw error(problem.path, problem.problem) }
        return ConfigFile(path: file, config: config, format: isJSON ? .json : .toml, lines: lines)
    }

    /// A decoder's complaint in the config's words: the key and what its value must be.
    static func describe(_ decoding: DecodingError, error: ([String], String) -> ConfigError) -> ConfigError {
        func mustBe(_ path: [String]) -> String {
            HubConfig.reference.first { $0.key == path.joined(separator: ".") }.map {
                $0.type == "table" ? "must be a table ([\($0.key)] with its keys)" : "must be \($0.type)"
            } ?? "has a value of the wrong type"
        }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue)
            return error(path, mustBe(path))
        case .keyNotFound(let key, let context):
            return error(context.codingPath.map(\.stringValue) + [key.stringValue], "is missing")
        case .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue)
            if path.isEmpty {
                // JSON syntax: Foundation's message names the line ("around line 3, column 5").
                let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
                var located = error([], "is not valid JSON: \(detail)")
                if let range = detail.range(of: #"line (\d+)"#, options: .regularExpression),
                   let line = Int(detail[range].dropFirst(5)) { located.line = line }
                return located
            }
            return error(path, mustBe(path))
        @unknown default:
            return error([], "cannot be read: \(decoding)")
        }
    }
}
