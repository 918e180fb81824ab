import JSONEscaping

/// A tiny deterministic JSON document: objects keep insertion order, numbers keep their exact text.
public indirect enum JSONValue: Sendable, Hashable {
    /// Members in output order.
    case object([(String, JSONValue)])
    /// Items in order.
    case array([JSONValue])
    /// A string (escaped on output).
    case string(String)
    /// A number as exact JSON text ("18.9", "120", "-5e40").
    case number(String)
    /// true / false.
    case bool(Bool)
    /// null.
    case null

    /// An exact decimal number.
    public static func number(_ value: ExactDecimal) -> JSONValue { .number(value.description) }
    /// An integer.
    public static func number(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }
    /// An SFLOAT: exact number, or the special's name as a string.
    public static func number(_ value: MedFloat16) -> JSONValue {
        value.special.map { .string($0.description) } ?? .number(value.description)
    }
    /// A FLOAT: exact number, or the special's name as a string.
    public static func number(_ value: MedFloat32) -> JSONValue {
        value.special.map { .string($0.description) } ?? .number(value.description)
    }

    /// Compact rendering with stable key order, no trailing newline.
    public func rendered() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                JSONValue.escape(key, into: &out)
                out += ":"
                value.render(into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.render(into: &out)
            }
            out += "]"
        case .string(let text): JSONValue.escape(text, into: &out)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// Appends `text` as a JSON string literal (quotes and escapes included): the hub's one escaping
    /// rule, `JSONString` (target `JSONEscaping`).
    public static func escape(_ text: String, into out: inout String) {
        JSONString.append(text, to: &out)
    }

    /// Equal when the renderings are equal.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }
}

/// Builds an ordered JSON object, leaving out absent optional fields.
public struct JSONObjectBuilder {
    /// The members so far.
    public private(set) var members: [(String, JSONValue)] = []
    /// Creates an empty object.
    public init() {}
    /// Adds a member.
    public mutating func add(_ key: String, _ value: JSONValue) { members.append((key, value)) }
    /// Adds a member when `value` is present.
    public mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { members.append((key, value)) }
    }
    /// The object.
    public var value: JSONValue { .object(members) }
}
