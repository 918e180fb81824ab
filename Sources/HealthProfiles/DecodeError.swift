/// Why a payload could not be decoded, and at which byte offset of the payload.
///
/// Field names are static strings (no allocation when an error is built on the hot path).
public enum DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The payload ended inside `field`: it needs `needed` bytes at `offset`, only `remaining` are left.
    case truncated(field: String, needed: Int, remaining: Int, offset: Int)
    /// Bytes are left after the last field the flags announce (payloads have exact lengths).
    case trailingBytes(count: Int, offset: Int)
    /// `field` holds a value the specification reserves (RFU) or forbids.
    case reservedValue(field: String, value: UInt32, offset: Int)
    /// A Date Time part is out of range (month 13, hour 24, 30 February, year 1200 ...).
    case invalidDate(field: String, value: Int, offset: Int)
    /// A string characteristic is not valid UTF-8.
    case invalidUTF8(field: String, offset: Int)
    /// Fields that the specification forbids together (e.g. BMI with "measurement unsuccessful").
    case invalidCombination(field: String, reason: String, offset: Int)

    /// Byte offset in the payload where the problem was found.
    public var offset: Int {
        switch self {
        case .truncated(_, _, _, let offset), .trailingBytes(_, let offset),
             .reservedValue(_, _, let offset), .invalidDate(_, _, let offset),
             .invalidUTF8(_, let offset), .invalidCombination(_, _, let offset):
            offset
        }
    }

    public var description: String {
        switch self {
        case let .truncated(field, needed, remaining, offset):
            "truncated: field '\(field)' needs \(needed) byte\(needed == 1 ? "" : "s") at byte offset \(offset), "
                + "only \(remaining) remaining"
        case let .trailingBytes(count, offset):
            "trailing bytes: \(count) unexpected byte\(count == 1 ? "" : "s") after the last field, at byte offset \(offset)"
        case let .reservedValue(field, value, offset):
            "reserved value: field '\(field)' has reserved value \(value) (0x\(String(value, radix: 16, uppercase: true))) "
                + "at byte offset \(offset)"
        case let .invalidDate(field, value, offset):
            "invalid date: field '\(field)' is out of range (\(value)) at byte offset \(offset)"
        case let .invalidUTF8(field, offset):
            "invalid UTF-8: field '\(field)' is not valid UTF-8 (from byte offset \(offset))"
        case let .invalidCombination(field, reason, offset):
            "invalid combination: field '\(field)' at byte offset \(offset): \(reason)"
        }
    }
}
