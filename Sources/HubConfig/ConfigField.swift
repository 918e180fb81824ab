import Foundation

/// One key of a config section: its name in the file, the field it sets, and the words README and
/// the example config show for it. A section's list of fields drives decoding (unknown keys are
/// refused), encoding and the reference, so a key is described once, next to its field.
public struct ConfigField<Section: Sendable>: Sendable {
    /// The key as written in the file (snake_case).
    public let name: String
    /// What the value must be, in words ("absolute path", "1–10"); used in errors and README.
    public let type: String
    /// What the key does.
    public let meaning: String
    /// README's default column when the default value alone would mislead (e.g. "the system bus").
    public let defaultNote: String?
    /// True for a `[table]` of its own (listed by its own fields, not as one row).
    public let isTable: Bool
    /// True when the section is incomplete without it.
    public let isRequired: Bool
    let decode: @Sendable (inout Section, KeyedDecodingContainer<ConfigKey>) throws -> Void
    let encode: @Sendable (Section, inout KeyedEncodingContainer<ConfigKey>) throws -> Void
    let literal: @Sendable (Section) -> String?

    /// A key that sets `keyPath`; absent from the file, the field keeps its default.
    public init<Value: Codable & Sendable>(
        _ name: String, _ keyPath: WritableKeyPath<Section, Value> & Sendable, type: String,
        default defaultNote: String? = nil, required: Bool = false, table: Bool = false, meaning: String
    ) {
        self.name = name
        self.type = type
        self.meaning = meaning
        self.defaultNote = defaultNote
        self.isTable = table
        self.isRequired = required
        let key = ConfigKey(name)
        decode = { section, container in
            guard container.contains(key) else {
                if required { throw ConfigProblem(path: container.codingPath.map(\.stringValue), "needs \(name) (\(type))") }
                return
            }
            // decodeIfPresent: an explicit JSON null keeps the default, as an absent key does.
            if let value = try container.decodeIfPresent(Value.self, forKey: key) { section[keyPath: keyPath] = value }
        }
        encode = { section, container in try container.encode(section[keyPath: keyPath], forKey: key) }
        literal = { section in TOMLLiteral.render(section[keyPath: keyPath]) }
    }
}

/// Any key of a config file (the field lists decide which are known).
public struct ConfigKey: CodingKey, Hashable, Sendable {
    public let stringValue: String
    public var intValue: Int? { nil }
    public init(_ name: String) { stringValue = name }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { stringValue = String(intValue) }
}

/// A section of the config file: a value with defaults and the list of its keys.
public protocol ConfigSection: Codable, Sendable {
    /// The defaults.
    init()
    /// Every key of the section, in the order README and the example list them.
    static var fields: [ConfigField<Self>] { get }
}

extension ConfigSection {
    /// Decodes the section's keys over its defaults; a key that is not a field is refused.
    public init(fromFields decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: ConfigKey.self)
        let known = Set(Self.fields.map(\.name))
        if let unknown = container.allKeys.map(\.stringValue).filter({ !known.contains($0) }).sorted().first {
            throw ConfigProblem(
                path: container.codingPath.map(\.stringValue) + [unknown],
                "is not a setting (known here: \(Self.fields.map(\.name).joined(separator: ", ")))")
        }
        for field in Self.fields { try field.decode(&self, container) }
    }

    /// Encodes every key (the effective settings).
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ConfigKey.self)
        for field in Self.fields { try field.encode(self, &container) }
    }
}

/// A setting the config refuses: where (`display.port`) and why, in words that follow the key.
public struct ConfigProblem: Error, Equatable, Sendable {
    /// The key's path from the top of the file; empty for the file as a whole.
    public var path: [String]
    /// What is wrong, phrased to follow the key ("must be an absolute path").
    public var problem: String

    /// A problem with the key at `path`.
    public init(path: [String], _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// A problem with `section.key` (`section` empty for a top-level key).
    public init(_ section: String, _ key: String, _ problem: String) {
        self.init(path: section.isEmpty ? [key] : [section, key], problem)
    }
}
