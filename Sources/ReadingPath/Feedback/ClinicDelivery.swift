import Triage

/// Whether the clinic has a reading, as the patient is told: triage's "your clinic is told" sentence
/// (`MessageID.clinicInformed`) is shown as one of three, so the page never says the clinic has a
/// value that is still on the hub (or that no clinic will ever get).
enum ClinicDelivery: Sendable {
    /// No clinic's store is configured: nothing is forwarded.
    case notConnected
    /// Forwarding is configured; the clinic's store has not accepted the reading yet.
    case sending
    /// The clinic's store accepted the reading.
    case delivered

    /// The text table entry the display shows for `MessageID.clinicInformed`.
    var message: MessageID {
        switch self {
        case .notConnected: .clinicNotConnected
        case .sending: .clinicSending
        case .delivered: .clinicHasValue
        }
    }

    /// Triage's messages with the clinic sentence made true for this state.
    func apply(to messages: [PatientMessage]) -> [PatientMessage] {
        messages.map { $0.id == .clinicInformed ? PatientMessage(message, $0.arguments) : $0 }
    }

    /// A text rendered earlier with the clinic sentence made true: triage's own sentence (a text
    /// stored with the assessment) or an earlier state's (a reading on the page that is now delivered).
    func apply(to text: String, replacing earlier: MessageID = .clinicInformed, in language: Language) -> String {
        let old = Texts.render(PatientMessage(earlier), in: language)
        guard text.contains(old) else { return text }
        return text.replacingOccurrences(of: old, with: Texts.render(PatientMessage(message), in: language))
    }
}
