/// The page's own texts. Assessment texts come from Triage through the gateway; these are the
/// frame around them (the word next to the icon, headings, status).
struct DisplayStrings: Sendable {
    var pageTitle: String
    var toneWords: [DisplayTone: String]
    var kindNames: [ReadingKind: String]
    var noReadingYet: String
    var noReadingDetail: String
    var earlierReadings: String
    var noEarlierReadings: String
    var messagesHeading: String
    var weightPlotTitle: String
    var bloodPressurePlotTitle: String
    var noWeights: String
    var noBloodPressure: String
    var systolicLabel: String
    var diastolicLabel: String
    var windowStart: @Sendable (Int) -> String
    var windowEnd: String
    var targetLabel: String
    var statusTexts: [HubStatus: String]
    var reconnecting: String
    /// The word in the "not saved" box (with its icon, never colour alone).
    var unsavedWord: String
    /// The box's plain statement and what to do.
    var unsavedHeadline: String
    var unsavedDetail: String
    /// The status line while commits fail.
    var storageProblem: String
    /// "Please call me": the button, the confirmation, and what became of the request.
    var contactButton: String
    var contactQuestion: String
    var contactYes: String
    var contactNo: String
    var contactClose: String
    var contactSending: String
    var contactReceived: String
    var contactUnavailable: String

    /// The word shown with each colour (never colour alone).
    func word(_ tone: DisplayTone) -> String { toneWords[tone] ?? "" }

    static func `for`(_ language: DisplayLanguage) -> DisplayStrings {
        switch language {
        case .sv: return swedish
        case .en: return english
        }
    }

    static let swedish = DisplayStrings(
        pageTitle: "Mina mätvärden",
        toneWords: [.green: "Bra", .yellow: "Avvikande", .red: "Kontakta vården", .grey: "Mät igen", .info: "Sparat"],
        kindNames: [
            .bloodPressure: "Blodtryck", .weight: "Vikt", .pulse: "Puls", .other: "Mätning",
            .bodyComposition: "Kroppssammansättning", .temperature: "Temperatur", .oxygenSaturation: "Syremättnad",
            .glucose: "Blodsocker",
        ],
        noReadingYet: "Inga mätningar ännu",
        noReadingDetail: "Mät ditt blodtryck eller väg dig så visas värdet här.",
        earlierReadings: "Tidigare mätningar",
        noEarlierReadings: "Inga tidigare mätningar.",
        messagesHeading: "Meddelande från mottagningen",
        weightPlotTitle: "Vikt, kg",
        bloodPressurePlotTitle: "Blodtryck, mmHg",
        noWeights: "Inga vägningar de senaste 14 dagarna",
        noBloodPressure: "Inga blodtryck de senaste 14 dagarna",
        systolicLabel: "övre",
        diastolicLabel: "undre",
        windowStart: { "för \($0) dagar sedan" },
        windowEnd: "i dag",
        targetLabel: "Mål",
        statusTexts: [
            .connected: "Ansluten till vården",
            .offline: "Offline – dina värden sparas och skickas senare",
            .notConnected: "Inte kopplad till någon mottagning – värdena sparas bara i hubben",
            .starting: "Startar",
        ],
        reconnecting: "Skärmen återansluter …",
        unsavedWord: "Inte sparat",
        unsavedHeadline: "Värdet kunde inte sparas.",
        unsavedDetail: "Mät igen om en stund. Kontakta mottagningen om det händer igen.",
        storageProblem: "Hubben kan inte spara nya värden just nu",
        contactButton: "Ring mig",
        contactQuestion: "Vill du att mottagningen ringer upp dig?",
        contactYes: "Ja, ring mig",
        contactNo: "Avbryt",
        contactClose: "Stäng",
        contactSending: "Skickas …",
        contactReceived: "Mottagningen har fått din begäran.",
        contactUnavailable: "Hubben är inte kopplad till någon mottagning, så begäran kan inte skickas. Ring mottagningen själv."
    )

    static let english = DisplayStrings(
        pageTitle: "My readings",
        toneWords: [.green: "Good", .yellow: "Deviating", .red: "Contact care", .grey: "Measure again", .info: "Saved"],
        kindNames: [
            .bloodPressure: "Blood pressure", .weight: "Weight", .pulse: "Pulse", .other: "Reading",
            .bodyComposition: "Body composition", .temperature: "Temperature", .oxygenSaturation: "Oxygen saturation",
            .glucose: "Blood glucose",
        ],
        noReadingYet: "No readings yet",
        noReadingDetail: "Measure your blood pressure or weigh yourself and the value appears here.",
        earlierReadings: "Earlier readings",
        noEarlierReadings: "No earlier readings.",
        messagesHeading: "Message from your clinic",
        weightPlotTitle: "Weight, kg",
        bloodPressurePlotTitle: "Blood pressure, mmHg",
        noWeights: "No weights in the last 14 days",
        noBloodPressure: "No blood pressure in the last 14 days",
        systolicLabel: "upper",
        diastolicLabel: "lower",
        windowStart: { "\($0) days ago" },
        windowEnd: "today",
        targetLabel: "Goal",
        statusTexts: [
            .connected: "Connected to your clinic",
            .offline: "Offline – your readings are kept and sent later",
            .notConnected: "Not linked to a clinic – readings are kept on the hub only",
            .starting: "Starting",
        ],
        reconnecting: "The screen is reconnecting …",
        unsavedWord: "Not saved",
        unsavedHeadline: "The value could not be saved.",
        unsavedDetail: "Measure again in a little while. Contact the clinic if it happens again.",
        storageProblem: "The hub cannot save new values right now",
        contactButton: "Please call me",
        contactQuestion: "Do you want the clinic to call you?",
        contactYes: "Yes, call me",
        contactNo: "Cancel",
        contactClose: "Close",
        contactSending: "Sending …",
        contactReceived: "The clinic has received your request.",
        contactUnavailable: "The hub is not linked to a clinic, so the request cannot be sent. Please phone the clinic yourself."
    )
}
