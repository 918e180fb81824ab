import Foundation
import Testing

@testable import Triage

/// Fixed calendar and clock for every test: Europe/Stockholm, no system time.
enum Fixture {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(secondsFromGMT: 3600) ?? .gmt
        return calendar
    }()

    /// Monday 2 November 2026, 00:00 local (after the DST change, CET = UTC+1).
    static let day0: Date = {
        calendar.date(from: DateComponents(year: 2026, month: 11, day: 2)) ?? .distantPast
    }()

    /// Local time on day `day` (relative to day0, may be negative).
    static func at(day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        let base = calendar.date(byAdding: .day, value: day, to: day0) ?? .distantPast
        return base.addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    static func weight(
        _ kg: Double, day: Int, _ hour: Int = 7, _ minute: Int = 0, symptoms: Symptoms = [], id: String? = nil
    ) -> VitalReading {
        VitalReading(
            id: id ?? "w\(day)-\(hour):\(minute)", time: at(day: day, hour, minute), kind: .weight(kg: kg),
            symptoms: symptoms)
    }

    static func cuff(
        _ systolic: Double, _ diastolic: Double = 75, pulse: Double? = 70, at time: Date,
        status: CuffStatus = CuffStatus(), symptoms: Symptoms = [], id: String? = nil
    ) -> VitalReading {
        VitalReading(
            id: id ?? "bp\(time.timeIntervalSince1970)", time: time,
            kind: .bloodPressure(
                BloodPressure(systolic: systolic, diastolic: diastolic, pulse: pulse, status: status)),
            symptoms: symptoms)
    }

    /// A confirmed session: the same values twice, 2 minutes apart; returns (history part, assessed reading).
    static func session(
        _ systolic: Double, _ diastolic: Double = 75, pulse: Double? = 70, day: Int = 0, hour: Int = 8,
        symptoms: Symptoms = []
    ) -> (VitalReading, VitalReading) {
        (
            cuff(systolic, diastolic, pulse: pulse, at: at(day: day, hour, 0), symptoms: symptoms),
            cuff(systolic, diastolic, pulse: pulse, at: at(day: day, hour, 2), symptoms: symptoms)
        )
    }

    static func assess(
        _ reading: VitalReading, history: [VitalReading] = [], parameters: Parameters = .defaults,
        alertState: AlertState = .empty, language: Language = .swedish
    ) -> TriageOutcome {
        TriageEngine.assess(
            reading: reading, history: PatientHistory(readings: history), parameters: parameters,
            alertState: alertState, calendar: calendar, language: language)
    }
}

extension Assessment {
    /// The colour of one rule, or nil when it was not evaluated.
    func colour(of rule: RuleID) -> TriageColour? {
        results.first { $0.rule == rule }?.colour
    }

    func result(_ rule: RuleID) -> RuleResult? {
        results.first { $0.rule == rule }
    }

    func wasSkipped(_ rule: RuleID) -> Bool {
        skipped.contains { $0.rule == rule }
    }

    func alert(_ signal: Signal) -> AlertChange? {
        alerts.first { $0.signal == signal }
    }
}
