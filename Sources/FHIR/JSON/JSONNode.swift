/// A JSON document as FHIR needs it: objects keep member order and numbers keep their exact text,
/// so a value the device sent as 72.40 stays 72.40 on the wire and back (Foundation's JSONEncoder
/// would print a Double: 72.4, or 72.40000000000001).
public indirect enum JSONNode: Sendable, Hashable {
    /// Members in output order.
    case object([Member])
    /// Items in order.
    case array([JSONNode])
    /// A string (escaped on output).
    case string(String)
    /// A number as exact JSON text ("72.40", "120", "-5e-3").
    case number(String)
    /// true / false.
    case bool(Bool)
    /// null.
    case null

    /// One member of an object.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONNode
        public init(_ key: String, _ value: JSONNode) {
            self.key = key
            self.value = value
        }
    }

    /// Compact (one line, no spaces) or pretty (two-space indent, `"key": value`) text; no trailing newline.
    public func rendered(pretty: Bool) -> String {
        var out = ""
        render(into: &out, pretty: pretty, indent: 0)
        return out
    }

    func render(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .object(let members):
            guard !members.isEmpty else { return out += "{}" }
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                if pretty { Self.newline(&out, indent + 1) }
                Self.escape(member.key, into: &out)
                out += pretty ? ": " : ":"
                member.value.render(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&out, indent) }
            out += "}"
        case .array(let items):
            guard !items.isEmpty else { return out += "[]" }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                if pretty { Self.newline(&out, indent + 1) }
                item.render(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&out, indent) }
            out += "]"
        case .string(let text): Self.escape(text, into: &out)
        case .number(let text): out += text
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }

    private static func newline(_ out: inout String, _ level: Int) {
        out += "\n"
        out += String(repeating: "  ", count: level)
    }

    /// RFC 8259 escaping: quote, backslash and control characters; everything else as UTF-8.
    /// Runs without any of those are copied whole (cut on scalar boundaries, not Characters: a
    /// `\r\n` is one Character but two escapes).
    static func escape(_ text: String, into out: inout String) {
        out += "\""
        let utf8 = text.utf8
        var run = utf8.startIndex
        var index = run
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                utf8.formIndex(after: &index)
                continue
            }
            out += Substring(text.unicodeScalars[run..<index])
            switch byte {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            default:
                let hex = String(byte, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            utf8.formIndex(after: &index)
            run = index
        }
        out += Substring(text.unicodeScalars[run..<index])
        out += "\""
    }

    /// The member `key` of an object; nil for other nodes or a missing key.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}
