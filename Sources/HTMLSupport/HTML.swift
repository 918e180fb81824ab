/// Escaping for text placed in HTML and SVG (element content and double- or single-quoted
/// attribute values). Every text that reaches a page goes through it.
public enum HTML {
    /// Escapes `& < > " '` and replaces control characters (other than tab, LF, CR) and lone
    /// surrogates with U+FFFD, so no input can open a tag, an attribute or an entity.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
