/// Why a config file was refused: the file, the line and the key, and what is wrong, in one line
/// (`/etc/carehub/carehubd.toml:12: display.port must be a port number from 0 to 65535`).
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or the command-line option) the setting came from.
    public var file: String
    /// The 1-based line of the key; nil when the problem is the file as a whole.
    public var line: Int?
    /// The key (`display.port`), nil when the problem is the file as a whole.
    public var key: String?
    /// What is wrong, phrased to follow the key.
    public var problem: String

    /// A refused setting.
    public init(file: String, line: Int?, key: String?, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(file):\($0):" } ?? "\(file):"
        return key.map { "\(place) \($0) \(problem)" } ?? "\(place) \(problem)"
    }
}
