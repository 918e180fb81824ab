import ControlAPI
import Foundation

extension LocalGatewayControl {
    /// "aa:bb:cc:dd:ee:ff" or upper case → "AA:BB:CC:DD:EE:FF".
    static func validAddress(_ text: String) throws(ControlError) -> String {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) && $0.allSatisfy(\.isASCII) }) else {
            throw .invalidArgument("'\(printable(text))' is not a Bluetooth address: write it as six pairs of hex digits, e.g. AA:BB:CC:DD:EE:01")
        }
        return text.uppercased()
    }

    /// A patient id as the clinic gives it: 1–64 characters, no spaces or control characters.
    static func validPatient(_ text: String) throws(ControlError) -> String {
        guard !text.isEmpty else { throw .invalidArgument("The patient id is empty.") }
        guard text.count <= 64 else { throw .invalidArgument("The patient id is longer than 64 characters.") }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || isControl($0) }) else {
            throw .invalidArgument("The patient id must not contain spaces or control characters.")
        }
        return text
    }

    /// Who did it: 1–64 characters, no control characters.
    static func validTechnician(_ text: String) throws(ControlError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalidArgument("The technician name is empty.") }
        guard trimmed.count <= 64 else { throw .invalidArgument("The technician name is longer than 64 characters.") }
        guard !trimmed.unicodeScalars.contains(where: isControl) else {
            throw .invalidArgument("The technician name must not contain control characters.")
        }
        return trimmed
    }

    /// A multi-user device's user slot: 0…254 (255 is "unknown user" in the GATT profiles), or nil.
    static func validUserIndex(_ index: Int?) throws(ControlError) -> Int? {
        guard let index else { return nil }
        guard (0...254).contains(index) else {
            throw .invalidArgument("User index \(index) is out of range: use 0…254, or none for a single-user device.")
        }
        return index
    }

    /// 1…600 s.
    static func validTimeout(_ timeout: Duration) throws(ControlError) -> Duration {
        guard timeout >= .seconds(1), timeout <= .seconds(600) else {
            throw .invalidArgument("The timeout must be between 1 and 600 seconds.")
        }
        return timeout
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
    }

    /// The argument for an error text: control characters escaped, at most 40 characters.
    private static func printable(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
        return cleaned.count > 40 ? String(cleaned.prefix(40)) + "…" : cleaned
    }
}
