import Foundation

/// Numbers as the patient reads them: decimal comma in Swedish, point in English.
enum NumberText {
    /// `value` with `digits` decimals in the language's style ("74,2" / "74.2").
    static func decimal(_ value: Double, digits: Int, language: DisplayLanguage) -> String {
        guard value.isFinite else { return "–" }
        let text = String(format: "%.\(max(0, min(digits, 6)))f", value)
        return language == .sv ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// `value` rounded to a whole number ("135").
    static func integer(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        return String(format: "%.0f", value)
    }

    /// SVG coordinate with one decimal and a point ("236.0"); fixed format keeps tests exact.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        return String(format: "%.1f", value)
    }
}
