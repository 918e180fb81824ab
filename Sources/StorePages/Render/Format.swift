import CivilTime
import Foundation
import HTMLSupport
import Triage

/// Numbers and times as staff read them: decimal comma in Swedish, local 24-hour times. Pure,
/// locale-independent (no `NumberFormatter`), so tests can pin the exact text.
enum Format {
    /// Up to two decimals, trailing zeros dropped: "135", "2,5" / "2.5", "0,35".
    static func number(_ value: Double, _ language: Language) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "–" }
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        var text = "\(sign)\(magnitude / 100)"
        let fraction = magnitude % 100
        if fraction != 0 {
            let digits = fraction % 10 == 0 ? String(fraction / 10) : CivilText.padded(Int(fraction), 2)
            text += (language == .swedish ? "," : ".") + digits
        }
        return text
    }

    /// Exactly one decimal: "74,2" / "74.2".
    static func oneDecimal(_ value: Double, _ language: Language) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "–" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(tenths.magnitude / 10)\(language == .swedish ? "," : ".")\(tenths.magnitude % 10)"
    }

    /// A rounded whole number: "135".
    static func whole(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "–" }
        return String(Int(value.rounded()))
    }

    /// "2026-12-07 08:15" in the page's time zone.
    static func dateTime(_ date: Date, _ zone: TimeZone) -> String {
        let local = LocalTime(date, in: zone)
        return "\(local.date.text) \(CivilText.padded(local.hour, 2)):\(CivilText.padded(local.minute, 2))"
    }

    /// "12-07", a short day label for chart axes.
    static func day(_ date: Date, _ zone: TimeZone) -> String {
        let local = LocalTime(date, in: zone).date
        return "\(CivilText.padded(local.month, 2))-\(CivilText.padded(local.day, 2))"
    }

    /// A `<time>` element: the local text, the instant in UTC as its machine-readable value.
    static func timeElement(_ date: Date, _ zone: TimeZone) -> String {
        let utc = LocalTime(date, utcOffset: 0)
        let iso = "\(utc.date.text)T\(CivilText.padded(utc.hour, 2)):\(CivilText.padded(utc.minute, 2)):\(CivilText.padded(utc.second % 60, 2))Z"
        return "<time datetime=\"\(iso)\">\(HTML.escape(dateTime(date, zone)))</time>"
    }

    /// A measured value with its unit: "76,4 kg", "152/94 mmHg, puls 71", "44 slag/min".
    static func value(_ value: MeasuredValue, _ texts: PageTexts) -> String {
        let language = texts.language
        switch value {
        case .weight(let kg):
            return "\(oneDecimal(kg, language)) kg"
        case .bloodPressure(let systolic, let diastolic, let pulse):
            let base = "\(whole(systolic))/\(whole(diastolic)) mmHg"
            guard let pulse else { return base }
            return "\(base), \(texts.kindPulse.lowercased()) \(whole(pulse))"
        case .pulse(let bpm):
            return "\(whole(bpm)) \(ParameterLabels.unit("bpm", language))"
        case .missing:
            return texts.missingValue
        }
    }

    /// The kind word of a value ("Vikt", "Blodtryck").
    static func kind(_ value: MeasuredValue, _ texts: PageTexts) -> String {
        switch value {
        case .weight: texts.kindWeight
        case .bloodPressure: texts.kindBloodPressure
        case .pulse: texts.kindPulse
        case .missing: texts.kindMissing
        }
    }

    /// A threshold with its unit: "2,0 kg", "135 mmHg".
    static func threshold(_ name: ParameterName, _ value: Double, _ language: Language) -> String {
        let unit = ParameterTable.spec(name).map { ParameterLabels.unit($0.unit, language) } ?? ""
        return unit.isEmpty ? number(value, language) : "\(number(value, language)) \(unit)"
    }
}
