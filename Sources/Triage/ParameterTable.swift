/// The parameter table of rule set hf-default-2025.1 (CLINICAL.md §5a plus the few the rules need).
///
/// Every number here needs clinical sign-off before use (see docs/TRIAGE.md).
public enum ParameterTable {
    /// All parameters, in display order.
    public static let all: [ParameterSpec] = weight + bloodPressure + pulse + other

    /// Looks a parameter up by name.
    public static func spec(_ name: ParameterName) -> ParameterSpec? {
        byName[name]
    }

    static let byName: [ParameterName: ParameterSpec] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// Each parameter's position in `all`: the index of its `ParameterKey`.
    static let position: [ParameterName: Int] = Dictionary(
        all.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })

    /// Pairs that must stay ordered after overrides (`lower` ≤ `upper`, or `<` when strict); public
    /// so a staff form can say which of the two a rejected pair breaks.
    public static let orderings: [(lower: ParameterName, upper: ParameterName, strict: Bool)] = [
        (.sbpLowRed, .sbpLowRedSymptomatic, false),
        (.sbpLowRedSymptomatic, .sbpLowYellow, false),
        (.sbpLowYellow, .sbpHighYellow, true),
        (.sbpHighYellow, .sbpHighRed, false),
        (.dbpHighYellow, .dbpHighRed, false),
        (.hrLowRed, .hrLowYellow, false),
        (.hrLowYellow, .hrHighYellow, true),
        (.hrHighYellow, .hrHighRed, false),
        (.weightMorningFrom, .weightMorningTo, true),
        (.irregularMinSessions, .irregularWindowSessions, false),
    ]

    static let weight: [ParameterSpec] = [
        ParameterSpec(
            name: .weightGain1d, defaultValue: 1.5, unit: "kg", minimum: 0.3, maximum: 5,
            summary: "W2: morning-weight gain vs yesterday's morning that is yellow",
            source: "AHA 0.9–1.36 kg/24 h [V]; BEAT-HF 1.4 kg/day [V]; HeartPhone 1.36 kg/day [V]"),
        ParameterSpec(
            name: .weightGain3d, defaultValue: 2.0, unit: "kg", minimum: 0.5, maximum: 10,
            summary: "W1: morning-weight gain over 3 days that is yellow",
            source: "ESC/HFA \">2 kg in 3 days\" [V heartfailurematters]"),
        ParameterSpec(
            name: .weightGain7d, defaultValue: 2.5, unit: "kg", minimum: 0.5, maximum: 15,
            summary: "W3: morning-weight gain over 7 days that is yellow",
            source: "AHA ≥2.26 kg/week [V]; BEAT-HF 2.7 kg/week [V]"),
        ParameterSpec(
            name: .weightTarget, defaultValue: nil, unit: "kg", minimum: 20, maximum: 300,
            summary: "W4: clinic-set target (dry) weight; W4 is skipped while unset",
            source: "target-weight concept [V]"),
        ParameterSpec(
            name: .weightAboveTarget, defaultValue: 2.0, unit: "kg", minimum: 0.5, maximum: 10,
            summary: "W4: margin above the target weight that is yellow on 2 consecutive mornings",
            source: "by analogy to the 2 kg rule (expert opinion)"),
        ParameterSpec(
            name: .weightLoss3d, defaultValue: 2.0, unit: "kg", minimum: 0.5, maximum: 10,
            summary: "W5: morning-weight loss over 3 days that is yellow (red with low SBP)",
            source: "over-diuresis/dehydration (expert opinion)"),
        ParameterSpec(
            name: .weightImplausibleJump, defaultValue: 5.0, unit: "kg", minimum: 2, maximum: 30,
            summary: "W6: change vs the previous morning weight that marks a reading grey",
            source: "data-quality rule (expert opinion)"),
        ParameterSpec(
            name: .weightMorningFrom, defaultValue: 4, unit: "hour", minimum: 0, maximum: 12,
            summary: "start of the local morning window for the first morning weight",
            source: "implementation choice (CareHub)"),
        ParameterSpec(
            name: .weightMorningTo, defaultValue: 11, unit: "hour", minimum: 1, maximum: 24,
            summary: "end (exclusive) of the local morning window for the first morning weight",
            source: "implementation choice (CareHub)"),
        ParameterSpec(
            name: .weightReferenceFallback, defaultValue: 1, unit: "days", minimum: 0, maximum: 2,
            wholeNumber: true,
            summary: "W1/W3/W4/W5: if the morning N days ago is missing, use the nearest earlier morning up to this many days further back",
            source: "implementation choice (CareHub)"),
    ]

    static let bloodPressure: [ParameterSpec] = [
        ParameterSpec(
            name: .sbpLowRed, defaultValue: 80, unit: "mmHg", minimum: 50, maximum: 150,
            summary: "B1: session-mean SBP below this is red", source: "BEAT-HF [V]"),
        ParameterSpec(
            name: .sbpLowRedSymptomatic, defaultValue: 90, unit: "mmHg", minimum: 50, maximum: 150,
            summary: "B1: session-mean SBP below this with dizziness/fainting is red", source: "BEAT-HF [V]"),
        ParameterSpec(
            name: .sbpLowYellow, defaultValue: 100, unit: "mmHg", minimum: 60, maximum: 160,
            summary: "B1: session-mean SBP below this is yellow; W5 red needs SBP below this",
            source: "TELBIL <100 [V]; GDMT titration floor [M]"),
        ParameterSpec(
            name: .sbpHighYellow, defaultValue: 135, unit: "mmHg", minimum: 100, maximum: 220,
            summary: "B1: session-mean SBP at or above this is yellow", source: "ESH 2023 / ESC 2024 home threshold [M]"),
        ParameterSpec(
            name: .sbpHighRed, defaultValue: 180, unit: "mmHg", minimum: 110, maximum: 250,
            summary: "B1: session-mean SBP at or above this is red",
            source: "ESH grade-3 office level [M]; BEAT-HF >170 [V]"),
        ParameterSpec(
            name: .dbpHighYellow, defaultValue: 85, unit: "mmHg", minimum: 60, maximum: 130,
            summary: "B2: session-mean DBP at or above this is yellow", source: "ESH 2023 / ESC 2024 home threshold [M]"),
        ParameterSpec(
            name: .dbpHighRed, defaultValue: 110, unit: "mmHg", minimum: 70, maximum: 150,
            summary: "B2: session-mean DBP at or above this is red", source: "ESH/ESC [M]; TELBIL >95 [V]"),
        ParameterSpec(
            name: .sbpBaselineDrop, defaultValue: 20, unit: "mmHg", minimum: 5, maximum: 60,
            summary: "B3: session-mean SBP this far or more below the patient's own median is yellow",
            source: "expert opinion; individual baselines [V HeartPhone, Gyllensten]"),
        ParameterSpec(
            name: .sbpBaselineDays, defaultValue: 14, unit: "days", minimum: 3, maximum: 14, wholeNumber: true,
            summary: "B3: days of earlier sessions that form the baseline median", source: "CLINICAL.md §5b B3 example"),
        ParameterSpec(
            name: .sbpBaselineMinSessions, defaultValue: 5, unit: "sessions", minimum: 3, maximum: 60,
            wholeNumber: true,
            summary: "B3: fewest earlier sessions needed before a baseline is trusted",
            source: "implementation choice (CareHub)"),
        ParameterSpec(
            name: .bpSessionWindow, defaultValue: 15, unit: "minutes", minimum: 1, maximum: 30,
            summary: "readings within this many minutes of a session's first reading form one session (mean assessed); long enough for \"rest 5 min and measure again\"",
            source: "ESH 2021 HBPM: 2–3 readings 1–2 min apart [V]; 15 min: implementation choice (CareHub)"),
    ]

    static let pulse: [ParameterSpec] = [
        ParameterSpec(
            name: .hrLowRed, defaultValue: 40, unit: "bpm", minimum: 20, maximum: 80,
            summary: "H1: session-mean pulse below this is red", source: "BEAT-HF <40 [V]"),
        ParameterSpec(
            name: .hrLowYellow, defaultValue: 50, unit: "bpm", minimum: 30, maximum: 90,
            summary: "H1: pulse below this is yellow (red with symptoms)", source: "BEAT-HF symptomatic, TELBIL [V]"),
        ParameterSpec(
            name: .hrHighYellow, defaultValue: 100, unit: "bpm", minimum: 60, maximum: 180,
            summary: "H1: pulse at or above this is yellow (above it with symptoms is red)",
            source: "BEAT-HF symptomatic, TELBIL [V]"),
        ParameterSpec(
            name: .hrHighRed, defaultValue: 120, unit: "bpm", minimum: 80, maximum: 220,
            summary: "H1: pulse at or above this is red",
            source: "BEAT-HF >110 [V], raised to 120 for AF noise (expert opinion)"),
        ParameterSpec(
            name: .irregularWindowSessions, defaultValue: 3, unit: "sessions", minimum: 2, maximum: 10,
            wholeNumber: true, summary: "H2: number of most recent sessions looked at",
            source: "CLINICAL.md §5b H2"),
        ParameterSpec(
            name: .irregularMinSessions, defaultValue: 2, unit: "sessions", minimum: 1, maximum: 10,
            wholeNumber: true, summary: "H2: sessions with the irregular-pulse flag that make it yellow",
            source: "CLINICAL.md §5b H2"),
    ]

    static let other: [ParameterSpec] = [
        ParameterSpec(
            name: .qualityFailedRepeat, defaultValue: 3, unit: "in a row", minimum: 1, maximum: 20,
            wholeNumber: true,
            summary: "Q1/W6: failed BP sessions (or implausible weighings) in a row before staff see it",
            source: "CLINICAL.md §5b Q1"),
        ParameterSpec(
            name: .missingWeightDays, defaultValue: 2, unit: "days", minimum: 1, maximum: 14, wholeNumber: true,
            summary: "M1: local days without a morning weight that raise a reminder and a worklist item",
            source: "expert opinion; RPM missing-data alarm [V vitalera]"),
        ParameterSpec(
            name: .combinationSbpLow, defaultValue: 90, unit: "mmHg", minimum: 60, maximum: 140,
            summary: "C1: a yellow weight rule plus session-mean SBP below this is red",
            source: "expert opinion, modelled on BEAT-HF symptom gating"),
        ParameterSpec(
            name: .combinationHrHigh, defaultValue: 120, unit: "bpm", minimum: 80, maximum: 220,
            summary: "C1: a yellow weight rule plus session-mean pulse at or above this is red",
            source: "expert opinion, modelled on BEAT-HF symptom gating"),
        ParameterSpec(
            name: .combinationWindow, defaultValue: 24, unit: "hours", minimum: 1, maximum: 72,
            summary: "C1/W5: how far apart the weight and the BP session may be to be combined",
            source: "implementation choice (CareHub)"),
        ParameterSpec(
            name: .planFlexibleDiuretics, defaultValue: 0, unit: "flag", minimum: 0, maximum: 1, wholeNumber: true,
            summary: "1 when the care plan has a flexible diuretic order; only then does the text mention extra diuretic",
            source: "CLINICAL.md §5b texts, §5c treatment advice"),
    ]
}
