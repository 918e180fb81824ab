/// The special values of IEEE-11073 SFLOAT and FLOAT.
public enum MedFloatSpecial: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Not a Number (SFLOAT 0x07FF, FLOAT 0x007FFFFF).
    case nan
    /// Not at this Resolution (0x0800 / 0x00800000).
    case nres
    /// +INFINITY (0x07FE / 0x007FFFFE).
    case positiveInfinity
    /// −INFINITY (0x0802 / 0x00800002).
    case negativeInfinity
    /// Reserved for future use (0x0801 / 0x00800001).
    case reserved

    /// The JSON/CLI spelling: "NaN", "NRes", "+INF", "-INF", "reserved".
    public var description: String {
        switch self {
        case .nan: "NaN"
        case .nres: "NRes"
        case .positiveInfinity: "+INF"
        case .negativeInfinity: "-INF"
        case .reserved: "reserved"
        }
    }

    /// NaN for NaN/NRes/reserved, ±infinity for the infinities.
    public var doubleValue: Double {
        switch self {
        case .nan, .nres, .reserved: .nan
        case .positiveInfinity: .infinity
        case .negativeInfinity: -.infinity
        }
    }
}
