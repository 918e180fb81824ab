import Foundation

/// One morning weight in the trend.
public struct WeightPoint: Sendable, Codable, Equatable {
    /// When it was measured.
    public var time: Date
    /// Weight in kilograms.
    public var kg: Double

    /// Creates a weight point.
    public init(time: Date, kg: Double) {
        self.time = time
        self.kg = kg
    }
}

/// One blood-pressure session (mean) in the trend.
public struct BloodPressurePoint: Sendable, Codable, Equatable {
    /// When it was measured.
    public var time: Date
    /// Systolic pressure, mmHg.
    public var systolic: Double
    /// Diastolic pressure, mmHg.
    public var diastolic: Double

    /// Creates a blood-pressure point.
    public init(time: Date, systolic: Double, diastolic: Double) {
        self.time = time
        self.systolic = systolic
        self.diastolic = diastolic
    }
}

/// A horizontal line drawn across a plot: a target or a limit.
public struct ThresholdLine: Sendable, Codable, Equatable {
    /// How the line is drawn (colour and dash); never the only cue, the label says it too.
    public enum Style: String, Sendable, Codable {
        case target
        case yellow
        case red
    }

    /// Value on the plot's axis (kg or mmHg).
    public var value: Double
    /// Short label drawn at the line, e.g. "Mål 72" or "135".
    public var label: String
    /// How the line is drawn.
    public var style: Style

    /// Creates a threshold line.
    public init(value: Double, label: String, style: Style) {
        self.value = value
        self.label = label
        self.style = style
    }
}

/// The 14-day trends with the patient's thresholds. The gateway computes it from the store
/// (morning weights, BP session means) and the patient's effective Triage parameters.
public struct TrendSeries: Sendable, Codable, Equatable {
    /// Start of the window shown (usually 14 days before `end`).
    public var start: Date
    /// End of the window shown (usually now).
    public var end: Date
    /// Morning weights inside the window, any order.
    public var weights: [WeightPoint]
    /// Blood-pressure sessions inside the window, any order.
    public var bloodPressure: [BloodPressurePoint]
    /// Lines on the weight plot (target weight, target + allowed gain, …).
    public var weightLines: [ThresholdLine]
    /// Lines on the blood-pressure plot (135/85 yellow, 180/110 red, …).
    public var bloodPressureLines: [ThresholdLine]

    /// Creates a trend series.
    public init(
        start: Date, end: Date, weights: [WeightPoint] = [], bloodPressure: [BloodPressurePoint] = [],
        weightLines: [ThresholdLine] = [], bloodPressureLines: [ThresholdLine] = []
    ) {
        self.start = start
        self.end = end
        self.weights = weights
        self.bloodPressure = bloodPressure
        self.weightLines = weightLines
        self.bloodPressureLines = bloodPressureLines
    }

    /// An empty 14-day window ending at `end`.
    public static func empty(endingAt end: Date, days: Int = 14) -> TrendSeries {
        TrendSeries(start: end.addingTimeInterval(-Double(days) * 86_400), end: end)
    }
}

extension ThresholdLine {
    /// The usual weight lines: the clinic's target weight ("Mål") and target + allowed excess ("+2,0", W4).
    /// Labels are short: they sit in the plot's narrow right margin.
    public static func weightLines(targetKg: Double?, aboveTargetKg: Double, language: DisplayLanguage) -> [ThresholdLine] {
        guard let targetKg else { return [] }
        let strings = DisplayStrings.for(language)
        return [
            ThresholdLine(value: targetKg, label: strings.targetLabel, style: .target),
            ThresholdLine(value: targetKg + aboveTargetKg, label: "+\(NumberText.decimal(aboveTargetKg, digits: 1, language: language))", style: .yellow),
        ]
    }

    /// The usual blood-pressure lines: home limits (yellow) and red limits, labelled with their values.
    public static func bloodPressureLines(
        systolicYellow: Double = 135, diastolicYellow: Double = 85,
        systolicRed: Double = 180, diastolicRed: Double = 110
    ) -> [ThresholdLine] {
        [
            ThresholdLine(value: systolicRed, label: NumberText.integer(systolicRed), style: .red),
            ThresholdLine(value: systolicYellow, label: NumberText.integer(systolicYellow), style: .yellow),
            ThresholdLine(value: diastolicRed, label: NumberText.integer(diastolicRed), style: .red),
            ThresholdLine(value: diastolicYellow, label: NumberText.integer(diastolicYellow), style: .yellow),
        ]
    }
}
