/// The name of a per-patient parameter, exactly as in CLINICAL.md §5a (for example `weight.gain_3d_kg`).
public struct ParameterName: RawRepresentable, Sendable, Hashable, Codable, Comparable,
    CustomStringConvertible, ExpressibleByStringLiteral, CodingKeyRepresentable
{
    public let rawValue: String
    /// Creates a name; whether it is known is checked by `Parameters.applying(overrides:)`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a name from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: ParameterName, rhs: ParameterName) -> Bool { lhs.rawValue < rhs.rawValue }

    // Weight (W1–W6)
    public static let weightGain1d: ParameterName = "weight.gain_1d_kg"
    public static let weightGain3d: ParameterName = "weight.gain_3d_kg"
    public static let weightGain7d: ParameterName = "weight.gain_7d_kg"
    public static let weightTarget: ParameterName = "weight.target_kg"
    public static let weightAboveTarget: ParameterName = "weight.above_target_kg"
    public static let weightLoss3d: ParameterName = "weight.loss_3d_kg"
    public static let weightImplausibleJump: ParameterName = "weight.implausible_jump_kg"
    public static let weightMorningFrom: ParameterName = "weight.morning_from_hour"
    public static let weightMorningTo: ParameterName = "weight.morning_to_hour"
    public static let weightReferenceFallback: ParameterName = "weight.reference_fallback_days"
    // Blood pressure (B1–B3)
    public static let sbpLowRed: ParameterName = "sbp.low_red"
    public static let sbpLowRedSymptomatic: ParameterName = "sbp.low_red_symptomatic"
    public static let sbpLowYellow: ParameterName = "sbp.low_yellow"
    public static let sbpHighYellow: ParameterName = "sbp.high_yellow"
    public static let sbpHighRed: ParameterName = "sbp.high_red"
    public static let dbpHighYellow: ParameterName = "dbp.high_yellow"
    public static let dbpHighRed: ParameterName = "dbp.high_red"
    public static let sbpBaselineDrop: ParameterName = "sbp.baseline_drop_mmhg"
    public static let sbpBaselineDays: ParameterName = "sbp.baseline_days"
    public static let sbpBaselineMinSessions: ParameterName = "sbp.baseline_min_sessions"
    public static let bpSessionWindow: ParameterName = "bp.session_window_minutes"
    // Pulse (H1–H2)
    public static let hrLowRed: ParameterName = "hr.low_red"
    public static let hrLowYellow: ParameterName = "hr.low_yellow"
    public static let hrHighYellow: ParameterName = "hr.high_yellow"
    public static let hrHighRed: ParameterName = "hr.high_red"
    public static let irregularWindowSessions: ParameterName = "irregular.window_sessions"
    public static let irregularMinSessions: ParameterName = "irregular.min_sessions"
    // Quality, missing data, combination, care plan (Q1, M1, C1)
    public static let qualityFailedRepeat: ParameterName = "quality.failed_sessions_repeat"
    public static let missingWeightDays: ParameterName = "missing.weight_days"
    public static let combinationSbpLow: ParameterName = "combination.sbp_low"
    public static let combinationHrHigh: ParameterName = "combination.hr_high"
    public static let combinationWindow: ParameterName = "combination.window_hours"
    public static let planFlexibleDiuretics: ParameterName = "plan.flexible_diuretics"
}
