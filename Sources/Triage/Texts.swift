import Foundation

/// Identifier of a patient-facing text. All texts live in `Texts`, in Swedish and English.
public enum MessageID: String, Sendable, Hashable, Codable, CaseIterable {
    case green
    case red
    case measureAgain
    case weighAgain
    case confirmRest
    case weightGain1d
    case weightGain
    case weightAboveTarget
    case weightLoss
    case selfCarePlan
    case selfCarePlanDiuretic
    /// Triage's "the clinic is told about this" sentence; the display shows it as one of the three
    /// below, by whether the clinic has the value (see `ClinicDelivery` in ReadingPath).
    case clinicInformed
    /// Forwarding is configured and the value is on its way (not yet accepted by the clinic's store).
    case clinicSending
    /// The clinic's store has accepted the value.
    case clinicHasValue
    /// The hub forwards nothing: no clinic is told anything.
    case clinicNotConnected
    case bloodPressureHigh
    case bloodPressureLow
    case bloodPressureBelowUsual
    case pulseDeviating
    case irregularPulseNote
    case irregularPulseRepeated
    case weightNotMorning
    case weightAlreadyToday
    case missingWeight
    case valueSaved
    case notAssessedHere
}

/// Every patient-facing text, keyed by message id, in Swedish and English.
///
/// Drafts from CLINICAL.md §5b; wording needs clinical and regulatory sign-off. Placeholders such
/// as `{gain}` are filled from `PatientMessage.arguments` with the language's decimal separator.
public enum Texts {
    /// The text table: id → (Swedish, English).
    public static let table: [MessageID: (sv: String, en: String)] = [
        .green: ("Värdet ser bra ut.", "The value looks good."),
        .red: (
            "Ditt värde avviker kraftigt. Kontakta din mottagning idag (vardagar) eller 1177. Vid bröstsmärta eller svår andnöd – ring 112.",
            "Your value is far outside your limits. Contact your clinic today (weekdays) or call 1177. If you have chest pain or severe breathlessness – call 112."
        ),
        .measureAgain: (
            "Mätningen blev inte godkänd – vila 5 minuter och mät igen.",
            "The measurement was not accepted – rest for 5 minutes and measure again."
        ),
        .weighAgain: (
            "Kontrollera att det är du som vägt dig / väg dig igen.",
            "Check that it was you who stepped on the scale / weigh yourself again."
        ),
        .confirmRest: (
            "Värdet behöver bekräftas – vila 5 minuter och mät igen.",
            "The value needs to be confirmed – rest for 5 minutes and measure again."
        ),
        .weightGain1d: (
            "Din vikt har ökat med {gain} kg sedan i går.",
            "Your weight has gone up by {gain} kg since yesterday."
        ),
        .weightGain: (
            "Din vikt har ökat med {gain} kg på {days} dagar.",
            "Your weight has gone up by {gain} kg in {days} days."
        ),
        .weightAboveTarget: (
            "Din vikt är {over} kg över din målvikt.",
            "Your weight is {over} kg above your target weight."
        ),
        .weightLoss: (
            "Din vikt har minskat med {loss} kg på {days} dagar.",
            "Your weight has gone down by {loss} kg in {days} days."
        ),
        .selfCarePlan: ("Följ din egenvårdsplan.", "Follow your self-care plan."),
        .selfCarePlanDiuretic: (
            "Följ din egenvårdsplan (t.ex. extra vätskedrivande enligt ordination).",
            "Follow your self-care plan (for example extra diuretic as prescribed)."
        ),
        .clinicInformed: (
            "Din mottagning har fått information och hör av sig.",
            "Your clinic has been informed and will contact you."
        ),
        .clinicSending: (
            "Värdet skickas till din mottagning, som hör av sig.",
            "The value is being sent to your clinic, which will contact you."
        ),
        .clinicHasValue: (
            "Din mottagning har fått värdet och hör av sig.",
            "Your clinic has received the value and will contact you."
        ),
        .clinicNotConnected: (
            "Värdet skickas inte till mottagningen.",
            "The value is not sent to your clinic."
        ),
        .bloodPressureHigh: ("Ditt blodtryck är högre än dina gränser.", "Your blood pressure is above your limits."),
        .bloodPressureLow: ("Ditt blodtryck är lägre än dina gränser.", "Your blood pressure is below your limits."),
        .bloodPressureBelowUsual: (
            "Ditt blodtryck är lägre än vanligt för dig.", "Your blood pressure is lower than usual for you."
        ),
        .pulseDeviating: ("Din puls ligger utanför dina gränser.", "Your pulse is outside your limits."),
        .irregularPulseNote: (
            "Mätaren noterade oregelbunden puls. Mät som vanligt nästa gång.",
            "The monitor noted an irregular pulse. Measure as usual next time."
        ),
        .irregularPulseRepeated: (
            "Mätaren har noterat oregelbunden puls flera gånger.",
            "The monitor has noted an irregular pulse several times."
        ),
        .weightNotMorning: (
            "Vikten jämförs bara med morgonvikter: väg dig på morgonen efter toalettbesök och före frukost.",
            "Weight is only compared between mornings: weigh yourself in the morning after using the toilet and before breakfast."
        ),
        .weightAlreadyToday: (
            "Dagens morgonvikt är redan registrerad. Den här vikten jämförs inte.",
            "Today's morning weight is already recorded. This weight is not compared."
        ),
        .valueSaved: ("Värdet är sparat.", "The value has been saved."),
        .notAssessedHere: (
            "Hubben bedömer inte den här sortens värde. Kontakta vården som vanligt om du mår sämre.",
            "The hub does not assess this kind of value. Contact your care team as usual if you feel worse."
        ),
        .missingWeight: (
            "Du har inte vägt dig på {days} dagar. Väg dig i morgon bitti efter toalettbesök och före frukost.",
            "You have not weighed yourself for {days} days. Weigh yourself tomorrow morning after using the toilet and before breakfast."
        ),
    ]

    /// Renders a message in a language, filling its placeholders.
    public static func render(_ message: PatientMessage, in language: Language) -> String {
        guard let entry = table[message.id] else { return message.id.rawValue }
        var text = language == .swedish ? entry.sv : entry.en
        for (key, value) in message.arguments.sorted(by: { $0.key < $1.key }) {
            text = text.replacingOccurrences(of: "{\(key)}", with: NumberText.patient(value, language: language))
        }
        return text
    }

    /// Renders messages as one paragraph.
    public static func render(_ messages: [PatientMessage], in language: Language) -> String {
        messages.map { render($0, in: language) }.joined(separator: " ")
    }
}
