/// IEEE-11073-20601 16-bit SFLOAT: 4-bit exponent E and 12-bit mantissa M (two's complement), value M × 10^E.
///
/// Kept exactly as transmitted (equality is bit equality, so 1200e-1 ≠ 120e0); `decimal` and
/// `description` are exact. Special values are the exponent-0 words 0x07FE...0x0802.
public struct MedFloat16: Sendable, Hashable, CustomStringConvertible {
    /// The 16-bit word as transmitted.
    public let bitPattern: UInt16

    /// Wraps a received word (any pattern, including specials).
    @inlinable public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// The largest mantissa an encoder may write with exponent 0 (0x07FE and up are specials).
    public static let maxFiniteMantissaAtExponentZero = 2045

    /// Creates M × 10^E; nil when M is outside -2048...2047, E outside -8...7, or M×10^0 collides with a special.
    public init?(mantissa: Int, exponent: Int) {
        guard (-8...7).contains(exponent), (-2048...2047).contains(mantissa) else { return nil }
        if exponent == 0, mantissa >= 2046 || mantissa <= -2046 { return nil }
        bitPattern = UInt16(truncatingIfNeeded: exponent) << 12 | UInt16(truncatingIfNeeded: mantissa) & 0x0FFF
    }

    /// Encodes `value` rounded to `exponent` (value ≈ M × 10^exponent); nil if not finite or out of range.
    public init?(_ value: Double, exponent: Int) {
        guard let mantissa = medFloatMantissa(value, exponent: exponent, limit: 2047) else { return nil }
        self.init(mantissa: mantissa, exponent: exponent)
    }

    /// The special value's word.
    public init(_ special: MedFloatSpecial) {
        switch special {
        case .nan: bitPattern = 0x07FF
        case .nres: bitPattern = 0x0800
        case .positiveInfinity: bitPattern = 0x07FE
        case .negativeInfinity: bitPattern = 0x0802
        case .reserved: bitPattern = 0x0801
        }
    }

    /// NaN.
    public static let nan = MedFloat16(.nan)
    /// Not at this resolution.
    public static let nres = MedFloat16(.nres)

    /// The 12-bit mantissa, sign-extended.
    @inlinable public var mantissa: Int16 { Int16(bitPattern: bitPattern << 4) >> 4 }
    /// The 4-bit exponent, sign-extended.
    @inlinable public var exponent: Int8 { Int8(truncatingIfNeeded: Int16(bitPattern: bitPattern) >> 12) }

    /// The special value this word encodes, if any.
    public var special: MedFloatSpecial? {
        switch bitPattern {
        case 0x07FF: .nan
        case 0x0800: .nres
        case 0x07FE: .positiveInfinity
        case 0x0802: .negativeInfinity
        case 0x0801: .reserved
        default: nil
        }
    }

    /// True when the word is a number (not a special value).
    public var isFinite: Bool { special == nil }

    /// The exact value, nil for specials.
    public var decimal: ExactDecimal? {
        special == nil ? ExactDecimal(significand: Int64(mantissa), exponent: Int(exponent)) : nil
    }

    /// Nearest Double; NaN/±infinity for specials.
    public var doubleValue: Double { special?.doubleValue ?? ExactDecimal(significand: Int64(mantissa), exponent: Int(exponent)).doubleValue }

    /// Exact decimal text ("18.9") or the special's name ("NaN", "NRes", "+INF", "-INF", "reserved").
    public var description: String { special?.description ?? ExactDecimal(significand: Int64(mantissa), exponent: Int(exponent)).description }
}

/// Rounds value / 10^exponent to an integer mantissa within ±limit; nil when impossible.
func medFloatMantissa(_ value: Double, exponent: Int, limit: Int) -> Int? {
    guard value.isFinite else { return nil }
    var scaled = value
    if exponent < 0 {
        for _ in 0..<(-exponent) { scaled *= 10 }
    } else {
        for _ in 0..<exponent { scaled /= 10 }
    }
    // Round half away from zero by hand: `rounded()` would pull in libm's round(), which SwiftPM does not
    // link for a Foundation-free client.
    guard scaled.isFinite, scaled > -1e15, scaled < 1e15 else { return nil }
    var whole = Int(scaled)
    let fraction = scaled - Double(whole)
    if fraction >= 0.5 { whole += 1 } else if fraction <= -0.5 { whole -= 1 }
    guard whole >= -limit - 1, whole <= limit else { return nil }
    return whole
}
