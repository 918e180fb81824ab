/// An exact decimal number `significand × 10^exponent`, printed without binary rounding.
///
/// SFLOAT 0xF0BD is 189 × 10⁻¹ and prints "18.9" (a Double would give 18.899999…).
public struct ExactDecimal: Sendable, Hashable, CustomStringConvertible {
    /// The integer significand.
    public var significand: Int64
    /// The power of ten.
    public var exponent: Int

    /// Creates `significand × 10^exponent`.
    public init(significand: Int64, exponent: Int) {
        self.significand = significand
        self.exponent = exponent
    }

    /// The nearest Double (for arithmetic; never for display).
    public var doubleValue: Double {
        var value = Double(significand)
        if exponent >= 0 {
            for _ in 0..<exponent { value *= 10 }
        } else {
            var divisor = 1.0
            for _ in 0..<(-exponent) { divisor *= 10 }
            value /= divisor
        }
        return value
    }

    /// Shortest exact decimal text, valid as a JSON number: "18.9", "120", "0.005", "-16.2", "5e40".
    public var description: String {
        var mantissa = significand
        var power = exponent
        if mantissa == 0 { return "0" }
        while power < 0, mantissa % 10 == 0 {
            mantissa /= 10
            power += 1
        }
        let negative = mantissa < 0
        let digits = String(mantissa.magnitude)
        let sign = negative ? "-" : ""
        if power >= 0 {
            if power > 18 { return "\(sign)\(digits)e\(power)" }
            return sign + digits + String(repeating: "0", count: power)
        }
        let fraction = -power
        if fraction > 30 { return "\(sign)\(digits)e\(power)" }
        if digits.count > fraction {
            let split = digits.index(digits.endIndex, offsetBy: -fraction)
            return "\(sign)\(digits[..<split]).\(digits[split...])"
        }
        return sign + "0." + String(repeating: "0", count: fraction - digits.count) + digits
    }
}
