import Foundation

/// A small JSON writer for the assessment's JSON columns: deterministic (keys in the order written)
/// and far cheaper than JSONEncoder on the hot path.
struct JSONText {
    private(set) var text = ""

    /// Appends a JSON string literal.
    mutating func string(_ value: String) {
        text.append("\"")
        // Fast path: most texts need no escaping; appending them whole avoids a per-scalar loop.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text.append(value)
            text.append("\"")
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text.append("\"")
    }

    /// Appends a number; non-finite values become null (JSON has no NaN).
    mutating func number(_ value: Double) {
        guard value.isFinite else { return text.append("null") }
        if value == value.rounded(), abs(value) < 1e15 {
            text.append(String(Int64(value)))
        } else {
            text.append(String(value))
        }
    }

    /// Appends a raw token (`{`, `,`, `true`, …).
    mutating func raw(_ token: String) {
        text.append(token)
    }

    /// Appends `"key":`.
    mutating func key(_ key: String) {
        string(key)
        text.append(":")
    }
}
