import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsing and checking of the technician's arguments; each failure is a usage error whose message
/// says what to type instead.
enum ArgumentParsing {
    /// "aa:bb:cc:dd:ee:01" or "AA-BB-CC-DD-EE-01" → "AA:BB:CC:DD:EE:01".
    static func address(_ text: String) throws -> String {
        let octets = text.split(separator: text.contains("-") ? "-" : ":", omittingEmptySubsequences: false)
        guard octets.count == 6, octets.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) else {
            throw ValidationError("'\(text)' is not a Bluetooth address. Write it as six pairs of hex digits, "
                + "e.g. AA:BB:CC:DD:EE:01 (`carehub scan` lists the devices nearby).")
        }
        return octets.joined(separator: ":").uppercased()
    }

    /// The clinic's logical patient id: 1–64 letters, digits, '-', '.' or '_' (a FHIR id), and never
    /// a personnummer (the hub must not hold one).
    static func patient(_ text: String) throws -> String {
        let allowed = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }
        guard (1...64).contains(text.count), allowed else {
            throw ValidationError("The patient id must be the clinic's patient id: 1 to 64 letters, digits, "
                + "'-', '.' or '_' (no spaces).")
        }
        if looksLikePersonnummer(text) {
            throw ValidationError("That looks like a personal identity number. The hub must not hold one: "
                + "use the clinic's patient id for this patient instead.")
        }
        return text
    }

    /// YYMMDD-NNNN, YYYYMMDD-NNNN, or the same digits without the separator.
    static func looksLikePersonnummer(_ text: String) -> Bool {
        var digits = Substring(text)
        if let separator = digits.firstIndex(where: { $0 == "-" || $0 == "+" }) {
            let head = digits[..<separator]
            let tail = digits[digits.index(after: separator)...]
            guard head.count == 6 || head.count == 8, tail.count == 4 else { return false }
            digits = head + tail
        }
        return (digits.count == 10 || digits.count == 12) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A multi-user scale's user slot: 0…254 (255 means "unknown user" in the Bluetooth profiles).
    static func userIndex(_ text: String) throws -> Int {
        guard let value = Int(text), (0...254).contains(value) else {
            throw ValidationError("--user must be a user number from 0 to 254, as the scale numbers its users.")
        }
        return value
    }

    /// Whole seconds within `range`.
    static func seconds(_ text: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ValidationError("--timeout must be a whole number of seconds from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    /// Who is at the keyboard, recorded as who paired or assigned a device: the user behind sudo,
    /// else the login name of the real user id, else "uid N".
    static func technician() -> String {
        if let sudo = environment("SUDO_USER"), !sudo.isEmpty { return sudo }
        let uid = getuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(uid)"
    }
}
