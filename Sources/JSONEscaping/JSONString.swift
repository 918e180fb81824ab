/// The hub's one JSON string escaper (RFC 8259 §7): `"` and `\` escaped, the control characters as
/// `\n`, `\r`, `\t` or `\u00XX`, everything else (including non-ASCII) written as is. Used by every
/// hand-written JSON text (the decoders' rendering, the store's rule-id arrays, the assessment
/// records), which sit on the commit path where `JSONEncoder` is too slow.
public enum JSONString {
    /// Appends `text` as a JSON string literal (quotes included) to `out`.
    public static func append(_ text: String, to out: inout String) {
        out += "\""
        // Fast path: nothing to escape (the common case for keys, names and timestamps).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// `text` as a JSON string literal (quotes included).
    public static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    /// A JSON array of strings: `["a","b"]`.
    public static func array(_ strings: [String]) -> String {
        var out = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            append(string, to: &out)
        }
        return out + "]"
    }
}
