import ControlAPI
import DBus
import Foundation

/// Checks of a control call's arguments on the daemon's side: whatever a caller sends, the answer
/// is a value or `ControlError.invalidArgument` in plain words. The types were already checked
/// against the method's signature; this checks the values.
enum Arguments {
    /// A Bluetooth address "AA:BB:CC:DD:EE:FF" (either case), returned in upper case.
    static func address(_ arguments: [DBusValue], _ index: Int) throws(ControlError) -> String {
        guard index < arguments.count, let text = arguments[index].string else {
            throw .invalidArgument("A Bluetooth address is missing.")
        }
        guard isAddress(text) else {
            throw .invalidArgument("'\(printable(text))' is not a Bluetooth address (six hex pairs like AA:BB:CC:DD:EE:FF).")
        }
        return text.uppercased()
    }

    /// A non-empty patient identifier.
    static func patient(_ arguments: [DBusValue], _ index: Int) throws(ControlError) -> String {
        guard index < arguments.count, let text = arguments[index].string,
              !text.trimmingCharacters(in: .whitespaces).isEmpty
        else { throw .invalidArgument("The patient identifier is empty.") }
        return text
    }

    /// -1 (no user slot) or a user slot 0…254.
    static func userIndex(_ arguments: [DBusValue], _ index: Int) throws(ControlError) -> Int? {
        guard index < arguments.count, let value = arguments[index].int32 else {
            throw .invalidArgument("The user index is missing.")
        }
        if value == -1 { return nil }
        guard ControlBus.userIndexRange.contains(Int(value)) else {
            throw .invalidArgument("User index \(value) is out of range: use -1 for a single-user device or a slot from \(ControlBus.userIndexRange.lowerBound) to \(ControlBus.userIndexRange.upperBound).")
        }
        return Int(value)
    }

    /// WaitForReading's timeout, 1…600 s.
    static func waitTimeout(_ arguments: [DBusValue], _ index: Int) throws(ControlError) -> Duration {
        guard index < arguments.count, let seconds = arguments[index].uint32 else {
            throw .invalidArgument("The timeout is missing.")
        }
        guard ControlBus.waitRange.contains(seconds) else {
            throw .invalidArgument("A timeout of \(seconds) s is out of range: wait \(ControlBus.waitRange.lowerBound) to \(ControlBus.waitRange.upperBound) seconds.")
        }
        return .seconds(Int(seconds))
    }

    static func isAddress(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 17 else { return false }
        for (offset, byte) in bytes.enumerated() {
            if offset % 3 == 2 {
                guard byte == UInt8(ascii: ":") else { return false }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) else { return false }
            }
        }
        return true
    }

    /// The text shortened and with control characters replaced, fit to quote in a message.
    static func printable(_ text: String) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
        return clean.count > 40 ? String(clean.prefix(40)) + "…" : clean
    }
}
