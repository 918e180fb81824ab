import Triage

/// The staff-facing label of every parameter of `ParameterTable`, Swedish and English (part of the
/// pages' text table; `ParameterLabelTests` fails when the table gains a parameter without one).
enum ParameterLabels {
    static let table: [ParameterName: (sv: String, en: String)] = [
        .weightGain1d: ("Viktökning på 1 dygn (W2)", "Weight gain over 1 day (W2)"),
        .weightGain3d: ("Viktökning på 3 dygn (W1)", "Weight gain over 3 days (W1)"),
        .weightGain7d: ("Viktökning på 7 dygn (W3)", "Weight gain over 7 days (W3)"),
        .weightTarget: ("Målvikt/torrvikt (W4)", "Target (dry) weight (W4)"),
        .weightAboveTarget: ("Marginal över målvikt (W4)", "Margin above target weight (W4)"),
        .weightLoss3d: ("Viktminskning på 3 dygn (W5)", "Weight loss over 3 days (W5)"),
        .weightImplausibleJump: ("Orimlig viktändring per dygn (W6)", "Implausible weight change per day (W6)"),
        .weightMorningFrom: ("Morgonvikt från klockan", "Morning weight from hour"),
        .weightMorningTo: ("Morgonvikt till klockan", "Morning weight until hour"),
        .weightReferenceFallback: ("Extra dagar bakåt om jämförelsevikt saknas", "Extra days back when the reference weight is missing"),
        .sbpLowRed: ("Systoliskt röd under (B1)", "Systolic red below (B1)"),
        .sbpLowRedSymptomatic: ("Systoliskt röd under, med yrsel (B1)", "Systolic red below, with dizziness (B1)"),
        .sbpLowYellow: ("Systoliskt gul under (B1)", "Systolic yellow below (B1)"),
        .sbpHighYellow: ("Systoliskt gul från (B1)", "Systolic yellow from (B1)"),
        .sbpHighRed: ("Systoliskt röd från (B1)", "Systolic red from (B1)"),
        .dbpHighYellow: ("Diastoliskt gul från (B2)", "Diastolic yellow from (B2)"),
        .dbpHighRed: ("Diastoliskt röd från (B2)", "Diastolic red from (B2)"),
        .sbpBaselineDrop: ("Fall från egen baslinje (B3)", "Drop below own baseline (B3)"),
        .sbpBaselineDays: ("Dagar i baslinjen (B3)", "Days in the baseline (B3)"),
        .sbpBaselineMinSessions: ("Minsta antal mätningar i baslinjen (B3)", "Fewest sessions in the baseline (B3)"),
        .bpSessionWindow: ("Minuter som räknas som en mätomgång", "Minutes that form one session"),
        .hrLowRed: ("Puls röd under (H1)", "Pulse red below (H1)"),
        .hrLowYellow: ("Puls gul under (H1)", "Pulse yellow below (H1)"),
        .hrHighYellow: ("Puls gul från (H1)", "Pulse yellow from (H1)"),
        .hrHighRed: ("Puls röd från (H1)", "Pulse red from (H1)"),
        .irregularWindowSessions: ("Oregelbunden puls: antal mätomgångar (H2)", "Irregular pulse: sessions looked at (H2)"),
        .irregularMinSessions: ("Oregelbunden puls: antal med flagga (H2)", "Irregular pulse: sessions with the flag (H2)"),
        .qualityFailedRepeat: ("Misslyckade mätningar i rad innan listan (Q1)", "Failed measurements in a row before the worklist (Q1)"),
        .missingWeightDays: ("Dagar utan morgonvikt (M1)", "Days without a morning weight (M1)"),
        .combinationSbpLow: ("Kombination: systoliskt under (C1)", "Combination: systolic below (C1)"),
        .combinationHrHigh: ("Kombination: puls från (C1)", "Combination: pulse from (C1)"),
        .combinationWindow: ("Kombination: timmar mellan mätningarna (C1)", "Combination: hours between the measurements (C1)"),
        .planFlexibleDiuretics: ("Flexibel diuretikadosering ordinerad (1 = ja)", "Flexible diuretic order (1 = yes)"),
    ]

    /// The label in `language`; the raw name for a parameter the table lacks.
    static func label(_ name: ParameterName, _ language: Language) -> String {
        guard let entry = table[name] else { return name.rawValue }
        return language == .swedish ? entry.sv : entry.en
    }

    /// Units as staff read them ("kg", "mmHg", "slag/min").
    static func unit(_ unit: String, _ language: Language) -> String {
        switch (unit, language) {
        case ("bpm", .swedish): "slag/min"
        case ("bpm", .english): "beats/min"
        case ("hour", .swedish): "klockan"
        case ("hour", .english): "hour"
        case ("days", .swedish): "dagar"
        case ("minutes", .swedish): "minuter"
        case ("hours", .swedish): "timmar"
        case ("sessions", .swedish): "mätomgångar"
        case ("in a row", .swedish): "i rad"
        case ("flag", .swedish): "0/1"
        case ("flag", .english): "0/1"
        default: unit
        }
    }
}
