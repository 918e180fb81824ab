/// A default value as it is written in a TOML file (README and the example config show it so).
enum TOMLLiteral {
    /// `"text"`, `42`, `true`; nil for an unset optional or a table.
    static func render(_ value: Any) -> String? {
        switch value {
        case let text as String: quoted(text)
        case let number as Int: String(number)
        case let flag as Bool: String(flag)
        default:
            optional(value)
        }
    }

    /// The wrapped value of an optional; nil for nil and for anything that is not an optional.
    private static func optional(_ value: Any) -> String? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional, let wrapped = mirror.children.first else { return nil }
        return render(wrapped.value)
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
