/// Resolution tables shared by Weight Scale Feature 0x2A9E and Body Composition Feature 0x2A9B.
public enum Resolution {
    /// Mass resolution code 1...7 → (kg, lb); code 0 = not specified, 8...15 reserved.
    public static func mass(code: Int) -> (kg: ExactDecimal, lb: ExactDecimal)? {
        switch code {
        case 1: (ExactDecimal(significand: 5, exponent: -1), ExactDecimal(significand: 1, exponent: 0))
        case 2: (ExactDecimal(significand: 2, exponent: -1), ExactDecimal(significand: 5, exponent: -1))
        case 3: (ExactDecimal(significand: 1, exponent: -1), ExactDecimal(significand: 2, exponent: -1))
        case 4: (ExactDecimal(significand: 5, exponent: -2), ExactDecimal(significand: 1, exponent: -1))
        case 5: (ExactDecimal(significand: 2, exponent: -2), ExactDecimal(significand: 5, exponent: -2))
        case 6: (ExactDecimal(significand: 1, exponent: -2), ExactDecimal(significand: 2, exponent: -2))
        case 7: (ExactDecimal(significand: 5, exponent: -3), ExactDecimal(significand: 1, exponent: -2))
        default: nil
        }
    }

    /// Height resolution code 1...3 → (m, in); code 0 = not specified, 4...7 reserved.
    public static func height(code: Int) -> (m: ExactDecimal, in: ExactDecimal)? {
        switch code {
        case 1: (ExactDecimal(significand: 1, exponent: -2), ExactDecimal(significand: 1, exponent: 0))
        case 2: (ExactDecimal(significand: 5, exponent: -3), ExactDecimal(significand: 5, exponent: -1))
        case 3: (ExactDecimal(significand: 1, exponent: -3), ExactDecimal(significand: 1, exponent: -1))
        default: nil
        }
    }
}
