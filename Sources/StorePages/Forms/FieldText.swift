import Foundation

/// Shared checks of text fields: trimmed, required or optional, bounded in characters.
enum FieldText {
    /// `value` without surrounding whitespace, with CRLF and CR as LF; nil when absent or blank.
    static func trimmed(_ value: String?) -> String? {
        guard let value else { return nil }
        let text = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// A required text of at most `maximum` characters (grapheme clusters, as a person counts them).
    static func required(_ field: FormField, _ value: String?, maximum: Int, into errors: inout [FieldError]) -> String {
        guard let text = trimmed(value) else {
            errors.append(FieldError(field, .missing))
            return ""
        }
        if text.count > maximum { errors.append(FieldError(field, .tooLong(maximum: maximum))) }
        return text
    }

    /// An optional text of at most `maximum` characters; nil when blank.
    static func optional(_ field: FormField, _ value: String?, maximum: Int, into errors: inout [FieldError]) -> String? {
        guard let text = trimmed(value) else { return nil }
        if text.count > maximum { errors.append(FieldError(field, .tooLong(maximum: maximum))) }
        return text
    }

    /// Whether `text` is an id as FHIR spells one: `[A-Za-z0-9.-]{1,64}`.
    static func isResourceID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
                    true
                default: false
                }
            }
    }
}
