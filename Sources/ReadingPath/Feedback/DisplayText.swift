import CivilTime
import Display
import Foundation
import GatewayStore
import HealthProfiles
import Triage

/// The patient-facing texts of a reading: decimal comma in Swedish, a no-break space between a
/// number and its unit, times in the hub's time zone relative to "now" ("I dag 07:12").
struct DisplayText {
    let language: Triage.Language
    let calendar: Calendar

    /// U+00A0, so a line never breaks between a number and its unit.
    static let noBreakSpace = "\u{00A0}"

    /// "128/82 mmHg · puls 64" or "74,2 kg"; kPa and lb are shown converted (mmHg, kg); "–" when the
    /// value is not valid.
    func value(_ reading: NewReading) -> String {
        let space = Self.noBreakSpace
        switch reading.kind {
        case .bloodPressure:
            guard let systolic = VitalMapping.mmHg(reading.systolic, reading.pressureUnit),
                let diastolic = VitalMapping.mmHg(reading.diastolic, reading.pressureUnit)
            else { return "–" }
            var text = "\(whole(systolic))/\(whole(diastolic))\(space)mmHg"
            if let pulse = reading.pulse, pulse.isFinite {
                text += " · \(language == .swedish ? "puls" : "pulse")\(space)\(whole(pulse))"
            }
            return text
        case .weight:
            guard let kg = VitalMapping.kilograms(reading.weight, reading.weightUnit) else { return "–" }
            return "\(decimal(kg, digits: 1))\(space)kg"
        default:
            return moreKindsValue(reading)
        }
    }

    /// "I dag 07:12", "I går 21:05", "12 nov 07:12" (another year: "12 nov 2025 07:12").
    func time(_ date: Date, now: Date) -> String {
        let local = LocalTime(date, in: calendar.timeZone)
        let today = LocalTime(now, in: calendar.timeZone)
        let clock = "\(pad(local.hour)):\(pad(local.minute))"
        let swedish = language == .swedish
        if local.day == today.day { return (swedish ? "I dag " : "Today ") + clock }
        if local.day == today.day - 1 { return (swedish ? "I går " : "Yesterday ") + clock }
        let months = swedish ? Self.swedishMonths : Self.englishMonths
        let civil = local.civil
        let month = months[max(0, min(11, civil.month - 1))]
        let year = today.civil.year == civil.year ? "" : " \(civil.year)"
        return "\(civil.day) \(month)\(year) \(clock)"
    }

    /// Month abbreviations, made once (not an array per reading shown).
    static let swedishMonths = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The display reading of a committed reading.
    /// `clinic` says whether the clinic has it: triage's "your clinic is told" sentence is shown true.
    func displayReading(
        id: ReadingID, reading: NewReading, colour: AssessmentColour, messages: [PatientMessage]?, storedText: String,
        now: Date, ruleIDs: [String] = [], clinic: ClinicDelivery
    ) -> DisplayReading {
        let headline: String
        let detail: String
        if let messages, !messages.isEmpty {
            let shown = clinic.apply(to: messages)
            headline = Texts.render(shown[0], in: language)
            detail = Texts.render(Array(shown.dropFirst()), in: language)
        } else {
            headline = clinic.apply(to: storedText, in: language)
            detail = ""
        }
        return DisplayReading(
            id: String(id.rawValue), kind: displayKind(reading.kind),
            time: reading.effectiveAt, timeText: time(reading.effectiveAt, now: now), valueText: value(reading),
            // Not judged by any rule: neither "Bra" nor a warning, the neutral "Sparat".
            tone: ruleIDs.contains(NoRule.ruleID) ? .info : tone(colour), headline: headline, detail: detail)
    }

    func tone(_ colour: AssessmentColour) -> DisplayTone {
        switch colour {
        case .green: .green
        case .yellow: .yellow
        case .red: .red
        case .grey: .grey
        }
    }

    var displayLanguage: DisplayLanguage { language == .swedish ? .sv : .en }

    func whole(_ value: Double) -> String {
        String(Int(value.rounded()))
    }

    func decimal(_ value: Double, digits: Int) -> String {
        let scale = pow(10, Double(digits))
        let scaled = Int((abs(value) * scale).rounded())
        let integer = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        let text = "\(integer)\(language == .swedish ? "," : ".")\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
        return value < 0 ? "-" + text : text
    }

    private func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
