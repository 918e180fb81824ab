/// A versioned rule set: the rule table and the parameter table. Its id is recorded with every assessment.
public struct RuleSet: Sendable, Hashable, Codable {
    /// Family name, e.g. `hf-default`.
    public var name: String
    /// Version, e.g. `2025.1`.
    public var version: String
    /// The rules, in table order.
    public var rules: [Rule]
    /// The parameters the rules read.
    public var parameters: [ParameterSpec]

    /// `hf-default-2025.1`: the identifier recorded with every assessment.
    public var id: String { "\(name)-\(version)" }
    /// `rules: hf-default-2025.1`: the label shown to staff and in logs.
    public var label: String { "rules: \(id)" }

    /// Looks a rule up by id.
    public func rule(_ id: RuleID) -> Rule? {
        rules.first { $0.id == id }
    }

    /// The default heart-failure rule set of CLINICAL.md §5 (draft; every number needs clinical sign-off).
    public static let hfDefault = RuleSet(
        name: "hf-default", version: "2025.1", rules: RuleSet.hfDefaultRules, parameters: ParameterTable.all)
}

extension RuleSet {
    static let hfDefaultRules: [Rule] = [
        Rule(
            id: .w1, title: "Morning weight vs the morning weight 3 days earlier",
            green: "gain < weight.gain_3d_kg", yellow: "gain ≥ weight.gain_3d_kg",
            red: "gain ≥ weight.gain_3d_kg and congestion symptoms (breathlessness or swelling)",
            parameters: [.weightGain3d, .weightReferenceFallback],
            sources: "ESC/HFA [V/M]; BEAT-HF \"with symptoms\" [V]"),
        Rule(
            id: .w2, title: "Morning weight vs yesterday's morning weight",
            green: "gain < weight.gain_1d_kg", yellow: "gain ≥ weight.gain_1d_kg",
            red: "gain ≥ weight.gain_1d_kg on 2 consecutive days, or with congestion symptoms",
            parameters: [.weightGain1d], sources: "AHA [V]; BEAT-HF >3 lb/day [V]; HeartPhone [V]"),
        Rule(
            id: .w3, title: "Morning weight vs the morning weight 7 days earlier",
            green: "gain < weight.gain_7d_kg", yellow: "gain ≥ weight.gain_7d_kg",
            red: "gain ≥ weight.gain_7d_kg and congestion symptoms",
            parameters: [.weightGain7d, .weightReferenceFallback], sources: "AHA ≥5 lb/wk [V]; BEAT-HF >6 lb/wk [V]"),
        Rule(
            id: .w4, title: "Morning weight vs clinic-set target weight (skipped while no target is set)",
            green: "≤ weight.target_kg + weight.above_target_kg",
            yellow: "> weight.target_kg + weight.above_target_kg on 2 consecutive mornings", red: "n/a",
            parameters: [.weightTarget, .weightAboveTarget, .weightReferenceFallback],
            sources: "target-weight concept [V]"),
        Rule(
            id: .w5, title: "Morning-weight loss over 3 days",
            green: "loss < weight.loss_3d_kg", yellow: "loss ≥ weight.loss_3d_kg",
            red: "loss ≥ weight.loss_3d_kg and session-mean SBP < sbp.low_yellow within combination.window_hours",
            parameters: [.weightLoss3d, .sbpLowYellow, .combinationWindow, .weightReferenceFallback],
            sources: "expert opinion (needs clinical sign-off)"),
        Rule(
            id: .w6, title: "Implausible weight (someone else on the scale?)",
            green: "|change vs previous morning weight| < weight.implausible_jump_kg",
            yellow: "n/a (worklist at normal priority only after quality.failed_sessions_repeat in a row)",
            red: "GREY \"check that it was you / weigh again\" if |change| ≥ weight.implausible_jump_kg",
            parameters: [.weightImplausibleJump, .qualityFailedRepeat], sources: "data quality"),
        Rule(
            id: .b1, title: "Systolic BP, session mean",
            green: "sbp.low_yellow ≤ SBP < sbp.high_yellow",
            yellow: "sbp.low_red ≤ SBP < sbp.low_yellow, or sbp.high_yellow ≤ SBP < sbp.high_red",
            red: "SBP < sbp.low_red; SBP < sbp.low_red_symptomatic with dizziness; SBP ≥ sbp.high_red (confirmed by a second reading)",
            parameters: [.sbpLowRed, .sbpLowRedSymptomatic, .sbpLowYellow, .sbpHighYellow, .sbpHighRed, .bpSessionWindow],
            sources: "BEAT-HF [V]; TELBIL [V]; ESH/ESC 135/85 [M]"),
        Rule(
            id: .b2, title: "Diastolic BP, session mean",
            green: "DBP < dbp.high_yellow", yellow: "dbp.high_yellow ≤ DBP < dbp.high_red",
            red: "DBP ≥ dbp.high_red (confirmed by a second reading)",
            parameters: [.dbpHighYellow, .dbpHighRed, .bpSessionWindow], sources: "ESH/ESC [M]; TELBIL >95 [V]"),
        Rule(
            id: .b3, title: "Systolic session mean vs the patient's own median of earlier sessions",
            green: "drop < sbp.baseline_drop_mmhg", yellow: "drop ≥ sbp.baseline_drop_mmhg", red: "n/a",
            parameters: [.sbpBaselineDrop, .sbpBaselineDays, .sbpBaselineMinSessions],
            sources: "expert opinion; individual baselines [V HeartPhone, Gyllensten]"),
        Rule(
            id: .h1, title: "Pulse rate (cuff), session mean",
            green: "hr.low_yellow ≤ HR < hr.high_yellow",
            yellow: "hr.low_red ≤ HR < hr.low_yellow, or hr.high_yellow ≤ HR < hr.high_red",
            red: "HR < hr.low_red or ≥ hr.high_red; HR < hr.low_yellow or > hr.high_yellow with symptoms (confirmed by a second reading)",
            parameters: [.hrLowRed, .hrLowYellow, .hrHighYellow, .hrHighRed, .bpSessionWindow],
            sources: "BEAT-HF [V]; TELBIL [V]"),
        Rule(
            id: .h2, title: "Cuff irregular-pulse flag",
            green: "absent, or present in only one recent session (neutral note to the patient)",
            yellow: "present in ≥ irregular.min_sessions of the last irregular.window_sessions sessions", red: "n/a",
            parameters: [.irregularMinSessions, .irregularWindowSessions],
            sources: "BLP/11073 status bit [V]; rationale expert opinion"),
        Rule(
            id: .q1, title: "Cuff status: body movement, cuff too loose, improper position",
            green: "no failure flag",
            yellow: "n/a (worklist at normal priority only after quality.failed_sessions_repeat failed sessions in a row)",
            red: "GREY \"measure again\" when a failure flag is set",
            parameters: [.qualityFailedRepeat], sources: "BLP/11073 status bits [V]"),
        Rule(
            id: .m1, title: "No morning weight (evaluated on a timer by Triage.missingData)",
            green: "a morning weight within the last missing.weight_days local days",
            yellow: "no morning weight for missing.weight_days days → reminder + worklist item", red: "n/a",
            parameters: [.missingWeightDays, .weightMorningFrom, .weightMorningTo], sources: "RPM practice [V vitalera]"),
        Rule(
            id: .c1, title: "Combination: yellow weight rule (W1–W3) plus low SBP or high pulse",
            green: "n/a", yellow: "n/a",
            red: "any yellow W1–W3 plus session-mean SBP < combination.sbp_low or HR ≥ combination.hr_high within combination.window_hours",
            parameters: [.combinationSbpLow, .combinationHrHigh, .combinationWindow],
            sources: "expert opinion, modelled on BEAT-HF symptom gating"),
    ]
}
