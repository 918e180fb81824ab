/// IEEE-11073-20601 32-bit FLOAT: 8-bit exponent and 24-bit mantissa (two's complement), value M × 10^E.
///
/// Kept exactly as transmitted; specials are the exponent-0 words 0x007FFFFE...0x00800002.
public struct MedFloat32: Sendable, Hashable, CustomStringConvertible {
    /// The 32-bit word as transmitted.
    public let bitPattern: UInt32

    /// Wraps a received word (any pattern, including specials).
    @inlinable public init(bitPattern: UInt32) { self.bitPattern = bitPattern }

    /// Creates M × 10^E; nil when out of range or when M×10^0 collides with a special.
    public init?(mantissa: Int, exponent: Int) {
        guard (-128...127).contains(exponent), (-0x80_0000...0x7F_FFFF).contains(mantissa) else { return nil }
        if exponent == 0, mantissa >= 0x7F_FFFE || mantissa <= -0x7F_FFFE { return nil }
        bitPattern = UInt32(truncatingIfNeeded: exponent) << 24 | UInt32(truncatingIfNeeded: mantissa) & 0x00FF_FFFF
    }

    /// Encodes `value` rounded to `exponent`; nil if not finite or out of range.
    public init?(_ value: Double, exponent: Int) {
        guard let mantissa = medFloatMantissa(value, exponent: exponent, limit: 0x7F_FFFF) else { return nil }
        self.init(mantissa: mantissa, exponent: exponent)
    }

    /// The special value's word.
    public init(_ special: MedFloatSpecial) {
        switch special {
        case .nan: bitPattern = 0x007F_FFFF
        case .nres: bitPattern = 0x0080_0000
        case .positiveInfinity: bitPattern = 0x007F_FFFE
        case .negativeInfinity: bitPattern = 0x0080_0002
        case .reserved: bitPattern = 0x0080_0001
        }
    }

    /// The 24-bit mantissa, sign-extended.
    @inlinable public var mantissa: Int32 { Int32(bitPattern: bitPattern << 8) >> 8 }
    /// The 8-bit exponent, sign-extended.
    @inlinable public var exponent: Int8 { Int8(truncatingIfNeeded: bitPattern >> 24) }

    /// The special value this word encodes, if any.
    public var special: MedFloatSpecial? {
        switch bitPattern {
        case 0x007F_FFFF: .nan
        case 0x0080_0000: .nres
        case 0x007F_FFFE: .positiveInfinity
        case 0x0080_0002: .negativeInfinity
        case 0x0080_0001: .reserved
        default: nil
        }
    }

    /// True when the word is a number.
    public var isFinite: Bool { special == nil }

    /// The exact value, nil for specials.
    public var decimal: ExactDecimal? {
        special == nil ? ExactDecimal(significand: Int64(mantissa), exponent: Int(exponent)) : nil
    }

    /// Nearest Double; NaN/±infinity for specials.
    public var doubleValue: Double { special?.doubleValue ?? ExactDecimal(significand: Int64(mantissa), exponent: Int(exponent)).doubleValue }

    /// Exact decimal text or the special's name.
    public var description: String { special?.description ?? ExactDecimal(significand: Int64(mantissa), exponent: Int(exponent)).description }
}
