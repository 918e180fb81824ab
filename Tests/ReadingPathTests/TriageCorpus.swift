import Display
import Foundation
@testable import ReadingPath
@testable import GatewayStore
import Logging
import Triage

/// A deterministic corpus of patients, readings, histories and overrides for the triage
/// equivalence test: every outcome (colours, rule ids, texts, parameter values, the store's JSON
/// columns, trends) as one canonical line, so a change meant to be invisible can be proven so.
///
/// The generator aims at the rules' edges: thresholds hit exactly, session windows hit to the
/// second, morning-window edges, DST weeks, memory readings out of order, failed and irregular
/// cuff readings, non-finite values, per-patient overrides (some invalid, which fall back).
struct TriageCorpus {
    /// SplitMix64: a tiny PRNG whose sequence is fixed by its seed on every platform.
    struct Random {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// 0..<bound.
        mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    }

    static let zones = ["Europe/Stockholm", "UTC", "America/New_York"]
    /// Starts a few days before the 2026 DST changes (EU 29 Mar / 25 Oct, US 8 Mar / 1 Nov) and in summer.
    static let starts: [TimeInterval] = [1_773_964_800, 1_774_310_400, 1_792_540_800, 1_780_300_800, 1_772_668_800]

    static let overrideSets: [[String: Double]] = [
        [:],
        [:],
        ["weight.target_kg": 74],
        ["weight.target_kg": 70, "weight.above_target_kg": 1.5, "plan.flexible_diuretics": 1],
        ["plan.flexible_diuretics": 1, "weight.gain_1d_kg": 1.0, "weight.gain_3d_kg": 1.5],
        ["bp.session_window_minutes": 30, "sbp.baseline_min_sessions": 3, "sbp.baseline_drop_mmhg": 10],
        ["bp.session_window_minutes": 7.5, "sbp.baseline_days": 7, "irregular.min_sessions": 1],
        ["irregular.window_sessions": 5, "irregular.min_sessions": 3, "quality.failed_sessions_repeat": 2.5],
        ["sbp.low_yellow": 110, "sbp.high_yellow": 140, "dbp.high_yellow": 90, "hr.high_yellow": 90],
        ["weight.morning_from_hour": 5.5, "weight.morning_to_hour": 10, "weight.reference_fallback_days": 2],
        ["weight.reference_fallback_days": 0, "missing.weight_days": 1, "combination.window_hours": 48],
        ["combination.sbp_low": 120, "combination.hr_high": 80, "weight.implausible_jump_kg": 2.5],
        ["hr.low_red": 45, "hr.low_yellow": 55, "hr.high_red": 110, "quality.failed_sessions_repeat": 1],
        // Invalid ones: each is logged and ignored (the default applies), as in the pipeline.
        ["sbp.low_yellow": 150, "weight.gain_1d_kg": 99, "no.such_parameter": 1, "sbp.baseline_days": 3.5],
        ["weight.loss_3d_kg": 1.0, "sbp.baseline_min_sessions": 4.5, "weight.target_kg": 72.3],
    ]

    static let systolics: [Double] = [
        70, 79, 79.5, 80, 85, 89, 90, 95, 99, 99.5, 100, 101, 110, 120, 128, 134, 134.5, 135, 136, 150, 179, 180, 181, 200,
    ]
    static let diastolics: [Double] = [55, 60, 70, 80, 84, 84.5, 85, 86, 95, 109, 110, 111]
    static let pulses: [Double?] = [nil, 35, 39, 40, 41, 49, 50, 51, 64, 72, 89, 90, 99, 100, 101, 109, 110, 111, 119, 120, 130]
    static let weightSteps: [Double] = [
        0, 0, 0, 0.1, -0.1, 0.2, -0.3, 0.5, -0.5, 0.7, 1.0, 1.4, 1.5, 1.6, -1.5, 2.0, -2.0, 2.1, 2.5, 3.0, 4.9, 5.0, -5.0,
        6.0,
    ]

    /// Every outcome line of patient `index` (deterministic from `index`).
    static func lines(patient index: Int) -> [String] {
        var random = Random(state: UInt64(index) &* 0x2545_F491_4F6C_DD1D &+ 17)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zones[index % zones.count]) ?? .gmt
        let language: Language = index % 2 == 0 ? .swedish : .english
        let displayLanguage: DisplayLanguage = language == .swedish ? .sv : .en
        let span = 14.0 * 86_400
        var state = PatientState()
        state.refreshParameters(overrideSets[index % overrideSets.count], logger: Logger(label: "corpus"))
        let parameters = state.parameters
        var alertState = AlertState.empty
        var time = Date(timeIntervalSince1970: starts[index % starts.count] + Double(random.int(86_400)))
        var kg = 60 + Double(random.int(400)) / 10
        var lines: [String] = ["patient \(index) \(calendar.timeZone.identifier) \(encode(parameters))"]
        let count = 70 + random.int(40)
        for sequence in 0..<count {
            // Where the next reading falls.
            var readingTime = time
            var sameSession = false
            var morning = false
            switch random.int(100) {
            case 0..<22:
                sameSession = true
                readingTime = time.addingTimeInterval(random.pick([0, 60, 300, 449, 450, 451, 600, 899, 900, 901, 1_799, 1_800, 1_801]))
            case 22..<40:
                readingTime = time.addingTimeInterval(Double(3_600 * (1 + random.int(8)) + 60 * random.int(60)))
            case 40..<84:
                morning = true
                let next = time.addingTimeInterval(86_400 * Double(random.chance(90) ? 1 : 0))
                let (hour, minute) = random.pick([
                    (3, 59), (4, 0), (4, 1), (5, 29), (5, 30), (6, 30), (7, 0), (7, 10), (8, 45), (9, 59), (10, 0),
                    (10, 59), (11, 0), (11, 1), (12, 0), (21, 30), (23, 59), (0, 0),
                ])
                readingTime =
                    calendar.date(bySettingHour: hour, minute: minute, second: random.pick([0, 0, 30]), of: next)
                    ?? next
            case 84..<93:
                readingTime = time.addingTimeInterval(Double(86_400 * (2 + random.int(3)) + 60 * random.int(600)))
            default:
                // A memory reading from before the latest one.
                readingTime = time.addingTimeInterval(-Double(600 + random.int(3 * 86_400)))
            }
            if readingTime > time { time = readingTime }
            let weight = morning ? random.chance(70) : (sameSession ? random.chance(10) : random.chance(45))
            let kind: VitalReading.Kind
            if weight {
                kg = ((kg + random.pick(weightSteps)) * 10).rounded() / 10
                kind = .weight(kg: random.chance(1) ? .nan : (random.chance(8) ? kg + 0.05 : kg))
            } else {
                var systolic = random.chance(60) ? random.pick(systolics) : 90 + Double(random.int(120)) / 2
                if random.chance(1) { systolic = .infinity }
                let status = CuffStatus(
                    bodyMovement: random.chance(7), cuffTooLoose: random.chance(4), irregularPulse: random.chance(18),
                    pulseRateRange: random.chance(90) ? .within : random.pick([.above, .below]),
                    improperPosition: random.chance(3))
                kind = .bloodPressure(
                    BloodPressure(
                        systolic: systolic, diastolic: random.pick(diastolics),
                        meanArterial: random.chance(50) ? 93 : nil, pulse: random.pick(pulses), status: status))
            }
            let symptoms = random.chance(12) ? Symptoms(rawValue: 1 + random.int(7)) : []
            let id = String(format: "%03d-%04d", index, sequence)
            let reading = VitalReading(id: id, time: readingTime, kind: kind, symptoms: symptoms)
            if random.chance(5), let signal = alertState.active.keys.sorted(by: { $0.rawValue < $1.rawValue }).first {
                alertState.acknowledge(signal)
            }
            // Usually the pipeline's window; sometimes the whole history, later readings and a copy
            // of the reading itself included (the API ignores those).
            var history = Array(state.window(endingAt: readingTime, span: span))
            if random.chance(10) {
                history = state.history
                if random.chance(50) { history.append(reading) }
            }
            let outcome = TriageEngine.assess(
                reading: reading, history: PatientHistory(readings: history), parameters: parameters,
                alertState: alertState, calendar: calendar, language: language)
            alertState = outcome.alertState
            // The pipeline's path: the patient's cached parameters JSON reused when the values match.
            let record = AssessmentRecord.make(outcome.assessment, parametersCache: &state.parametersJSON)
            lines.append("assess \(id) \(encode(outcome))")
            lines.append("record \(id) \(describe(record))")
            if random.chance(15) {
                let now = readingTime.addingTimeInterval(Double(random.int(36)) * 3_600)
                let missing = TriageEngine.missingData(
                    now: now, history: PatientHistory(readings: Array(state.window(endingAt: now, span: span))),
                    parameters: parameters, alertState: alertState, calendar: calendar, language: language)
                lines.append("missing \(id) \(encode(missing)) \(describe(AssessmentRecord.make(missing.assessment)))")
            }
            var stored = reading
            if random.chance(97) {
                state.insert(stored, keep: span)
            } else {
                stored.id = "zz-" + id
            }
            if random.chance(20) {
                let trends = TrendBuilder.trends(
                    history: state.history, parameters: parameters, end: time, days: 14, calendar: calendar,
                    language: displayLanguage)
                let text = DisplayText(language: language, calendar: calendar)
                lines.append(
                    "trends \(id) \(encode(trends)) \(text.time(readingTime, now: time)) "
                        + text.time(readingTime, now: time.addingTimeInterval(400 * 86_400)))
            }
        }
        return lines
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(value) else { return "<unencodable>" }
        return String(decoding: data, as: UTF8.self)
    }

    static func describe(_ record: NewAssessment) -> String {
        [
            "\(record.colour)", record.ruleIDs.joined(separator: ","), record.parametersJSON, record.observationsJSON,
            record.rulesetVersion, record.textSV, record.textEN, "\(record.priority)", "\(record.newAlert)",
        ].joined(separator: " | ")
    }

    /// FNV-1a (64 bit) of the lines, each ended by a newline.
    static func hash(_ lines: [String]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for line in lines {
            for byte in line.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            hash = (hash ^ 0x0A) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
