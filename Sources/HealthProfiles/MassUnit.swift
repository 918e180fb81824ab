/// SI or imperial units of the Weight Scale and Body Composition services (flags bit 0).
public enum MassUnit: Sendable, Hashable {
    /// Kilograms and metres (mass × 0.005 kg, height × 0.001 m).
    case si
    /// Pounds and inches (mass × 0.01 lb, height × 0.1 in).
    case imperial

    /// Mass unit symbol: "kg" or "lb".
    public var massSymbol: String { self == .si ? "kg" : "lb" }
    /// Height unit symbol: "m" or "in".
    public var heightSymbol: String { self == .si ? "m" : "in" }

    /// Exact mass of a raw uint16 field (fixed resolution 0.005 kg / 0.01 lb, per the SIG definition).
    public func mass(raw: UInt16) -> ExactDecimal {
        self == .si ? ExactDecimal(significand: Int64(raw) * 5, exponent: -3) : ExactDecimal(significand: Int64(raw), exponent: -2)
    }

    /// Exact height of a raw uint16 field (0.001 m / 0.1 in).
    public func height(raw: UInt16) -> ExactDecimal {
        ExactDecimal(significand: Int64(raw), exponent: self == .si ? -3 : -1)
    }
}
