import Foundation
import HealthProfiles

/// A small JSON writer for the assessment's JSON columns: deterministic (keys in the order written)
/// and far cheaper than JSONEncoder on the hot path.
struct JSONText {
    private(set) var text = ""

    /// A writer whose text is allocated once for `capacity` bytes (the JSON columns are built per reading).
    init(capacity: Int = 0) {
        text.reserveCapacity(capacity)
    }

    /// Appends a JSON string literal.
    mutating func string(_ value: String) {
        JSONValue.escape(value, into: &text)
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
