import Foundation

/// Locale-independent number formatting for staff observations and patient texts (pure, no Foundation locale).
enum NumberText {
    /// One decimal with a point, e.g. "72.5", "2.0"; for staff observations.
    static func kg(_ value: Double) -> String {
        oneDecimal(value, separator: ".")
    }

    /// Whole numbers without decimals, otherwise one decimal; e.g. "131", "131.5".
    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return oneDecimal(rounded, separator: ".")
    }

    /// Patient text: whole numbers as integers, else one decimal with the language's separator.
    static func patient(_ value: Double, language: Language) -> String {
        let text = plain(value)
        return language == .swedish ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func oneDecimal(_ value: Double, separator: String) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "?" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return "\(sign)\(magnitude / 10)\(separator)\(magnitude % 10)"
    }
}
