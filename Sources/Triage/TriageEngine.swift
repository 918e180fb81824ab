import Foundation

/// The guideline triage of CLINICAL.md §5: pure functions from a reading, its history and the
/// patient's parameters to a colour, the reasons and the patient text. No clocks, files or sockets.
public enum TriageEngine {
    /// The rule set this implementation evaluates.
    public static let ruleSet = RuleSet.hfDefault

    /// Assesses one reading against the patient's history and parameters.
    ///
    /// - Parameters:
    ///   - reading: the new reading (its `time` is the effective time chosen by the gateway).
    ///   - history: earlier readings of the patient (at least the last 14 days); readings later than
    ///     `reading.time` and a copy of `reading` itself are ignored, so the result is "as of" the reading.
    ///   - parameters: `Parameters.defaults` with the patient's overrides applied.
    ///   - alertState: the patient's alert state from the previous call (`.empty` at first).
    ///   - calendar: its time zone defines local days and the morning window.
    ///   - language: language of the patient text.
    /// - Returns: the assessment and the new alert state to persist.
    public static func assess(
        reading: VitalReading,
        history: PatientHistory,
        parameters: Parameters,
        alertState: AlertState,
        calendar: Calendar,
        language: Language = .swedish
    ) -> TriageOutcome {
        assess(
            reading: reading, history: history.readings[...], parameters: parameters, alertState: alertState,
            calendar: calendar, language: language)
    }

    /// `assess(reading:history:…)` with the history as a slice of the caller's array, so a caller that
    /// keeps the patient's readings in memory passes its window without copying it.
    public static func assess(
        reading: VitalReading,
        history: ArraySlice<VitalReading>,
        parameters: Parameters,
        alertState: AlertState,
        calendar: Calendar,
        language: Language = .swedish
    ) -> TriageOutcome {
        let context = Context(reading: reading, history: history, parameters: parameters, calendar: calendar)
        var evaluation: Evaluation
        switch reading.kind {
        case .weight(let kg):
            evaluation = assessWeight(kg: kg, context: context)
        case .bloodPressure(let value):
            evaluation = assessCuff(value, context: context)
        }
        return finish(
            evaluation, readingID: reading.id, time: reading.time, parameters: parameters,
            alertState: alertState, language: language)
    }

    /// Checks for missing morning weights (rule M1); the daemon calls this on a timer.
    ///
    /// Counts local days without an accepted morning weight, ending today once today's morning
    /// window has closed (else yesterday). Yellow with a reminder when `missing.weight_days` days
    /// in a row have none; green (no text) otherwise, which also clears an earlier M1 alert.
    public static func missingData(
        now: Date,
        history: PatientHistory,
        parameters: Parameters,
        alertState: AlertState,
        calendar: Calendar,
        language: Language = .swedish
    ) -> TriageOutcome {
        let clock = LocalClock(calendar: calendar, around: now)
        let weights = weightPoints(history.readings, clock: clock, where: { $0.time <= now })
        let mornings = MorningWeights(points: weights, parameters: parameters)
        let today = clock.day(now)
        let windowClosed = clock.minuteOfDay(now) >= parameters.value(.weightMorningTo) * 60
        let lastCounted = windowClosed || mornings.on(today) != nil ? today : today - 1
        let needed = parameters.count(.missingWeightDays)
        let last = mornings.byDay.keys.filter { $0 <= today }.max()
        let used = [
            ParameterValue(name: .missingWeightDays, value: Double(needed)),
            ParameterValue(name: .weightMorningFrom, value: parameters.value(.weightMorningFrom)),
            ParameterValue(name: .weightMorningTo, value: parameters.value(.weightMorningTo)),
        ]
        var evaluation = Evaluation()
        evaluation.silentWhenGreen = true
        let daysWithout = last.map { lastCounted - $0 } ?? needed
        let lastText = last.flatMap { mornings.on($0) }.map { clock.stamp($0.time) } ?? "none in history"
        if daysWithout >= needed {
            evaluation.add(
                RuleResult(
                    rule: .m1, colour: .yellow, parameters: used,
                    observed: "no morning weight for \(daysWithout) local days (last: \(lastText))"),
                message: PatientMessage(.missingWeight, ["days": Double(daysWithout)]))
        } else {
            evaluation.add(
                RuleResult(rule: .m1, colour: .green, parameters: used, observed: "last morning weight \(lastText)"))
        }
        return finish(
            evaluation, readingID: nil, time: now, parameters: parameters, alertState: alertState,
            language: language)
    }

    /// A difference rounded to grams, so boundaries such as 74.3 − 72.3 = 2.0 compare as written.
    static func delta(_ a: Double, _ b: Double) -> Double {
        ((a - b) * 1000).rounded() / 1000
    }

    static func weightPoints(
        _ readings: [VitalReading], clock: LocalClock, where keep: (VitalReading) -> Bool = { _ in true }
    ) -> [WeightPoint] {
        readings.compactMap { reading in
            guard case .weight(let kg) = reading.kind, kg.isFinite, keep(reading) else { return nil }
            let place = clock.place(reading.time)
            return WeightPoint(
                id: reading.id, time: reading.time, kg: kg, day: place.day, minute: place.minute,
                symptoms: reading.symptoms)
        }
    }
}

/// Everything one assessment looks at, with the readings placed in time once.
struct Context {
    let reading: VitalReading
    let parameters: Parameters
    let clock: LocalClock
    /// Weighings up to and including the reading.
    let weights: [WeightPoint]
    /// Cuff readings and sessions up to and including the reading, in time order.
    let cuff: CuffSessions

    /// Keeps history readings up to the reading's time (without a copy of the reading) plus the reading.
    init(
        reading: VitalReading, history: some Collection<VitalReading>, parameters: Parameters, calendar: Calendar
    ) {
        self.reading = reading
        self.parameters = parameters
        // Only weighings are placed on the local calendar (and only a morning weight's time is shown),
        // so the clock, whose time-zone transition look-ups cost more than a cuff reading's rules, is
        // made on the first weighing.
        var clock: LocalClock?
        // One pass over the history for both kinds, in history order, the reading last.
        var weights: [WeightPoint] = []
        var cuffs: [CuffPoint] = []
        cuffs.reserveCapacity(history.count + 1)
        func place(_ other: VitalReading, isReading: Bool) {
            switch other.kind {
            case .weight(let kg):
                guard kg.isFinite else { return }
                let placing = clock ?? LocalClock(calendar: calendar, around: reading.time)
                clock = placing
                let place = placing.place(other.time)
                weights.append(
                    WeightPoint(
                        id: other.id, time: other.time, kg: kg, day: place.day, minute: place.minute,
                        symptoms: other.symptoms))
            case .bloodPressure(let value):
                guard value.systolic.isFinite, value.diastolic.isFinite else { return }
                cuffs.append(
                    CuffPoint(id: other.id, time: other.time, value: value, symptoms: other.symptoms, isReading: isReading))
            }
        }
        for other in history where other.time <= reading.time && other.id != reading.id {
            place(other, isReading: false)
        }
        place(reading, isReading: true)
        self.weights = weights
        // Without weighings nothing reads it: the uncached clock costs nothing to make.
        self.clock = clock ?? LocalClock(calendar: calendar)
        self.cuff = CuffSessions(cuffs, windowMinutes: parameters.value(.bpSessionWindow))
    }

    /// Cuff sessions up to and including the reading, in time order.
    var sessions: [CuffSession] { cuff.sessions }

    /// The accepted morning weights (computed on demand: cuff readings only need them for C1).
    var mornings: MorningWeights { MorningWeights(points: weights, parameters: parameters) }
}

/// A rule result with the patient message it contributes.
struct Finding {
    var result: RuleResult
    var message: PatientMessage?
}

/// The rule results of one assessment, before alert handling and text composition.
struct Evaluation {
    var findings: [Finding] = []
    var skipped: [SkippedRule] = []
    /// Messages shown whatever the colour (neutral notes).
    var notes: [PatientMessage] = []
    /// No text when green (the timer-driven missing-data check).
    var silentWhenGreen = false

    mutating func add(_ result: RuleResult, message: PatientMessage? = nil) {
        findings.append(Finding(result: result, message: message))
    }

    mutating func skip(_ rule: RuleID, _ reason: String) {
        skipped.append(SkippedRule(rule: rule, reason: reason))
    }
}
