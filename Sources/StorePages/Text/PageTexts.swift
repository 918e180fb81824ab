import Triage

/// Every text of the staff pages, Swedish and English, in one table. The numbers inside the texts
/// are formatted by the caller (`Format`), so the table holds words only.
struct PageTexts: Sendable {
    /// The language of this table.
    var language: Language

    // Shell and navigation
    var appName: String
    var skipToContent: String
    var navLabel: String
    var navWorklist: String
    var navMessages: String
    var navFleet: String
    var logout: String
    var loggedInAs: String
    var roleNames: [StaffMember.Role: String]
    var otherLanguage: String
    var otherLanguageCode: String

    // Login
    var loginTitle: String
    var username: String
    var password: String
    var loginButton: String
    var invalidCredentials: String
    var sessionExpired: String
    var tooManyAttempts: String

    // Worklist
    var worklistTitle: String
    var worklistIntro: String
    var worklistEmpty: String
    var contactRequestsTitle: String
    var contactRequestsEmpty: String
    var contactRequestText: String
    var deviationsTitle: String
    var colourWords: [DeviationColour: String]
    var priorityWords: [DeviationColour: String]
    var columnColour: String
    var columnPatient: String
    var columnMeasurement: String
    var columnTime: String
    var columnRule: String
    var columnThreshold: String
    var columnAction: String
    var individualThreshold: String
    var defaultThreshold: String
    var repeatTimes: String
    var noteLabel: String
    var acknowledgeButton: String
    var missingValue: String
    var kindWeight: String
    var kindBloodPressure: String
    var kindPulse: String
    var kindMissing: String
    var ruleTitles: [RuleID: String]

    // Patient page
    var patientTitle: String
    var trendsTitle: String
    var daysShown: String
    var weightChart: String
    var bloodPressureChart: String
    var pulseChart: String
    var systolic: String
    var diastolic: String
    var noData: String
    var showTable: String
    var lineTarget: String
    var lineTargetMargin: String
    var lineGain3d: String
    var lineHighYellow: String
    var lineHighRed: String
    var lineLowYellow: String
    var lineLowRed: String
    var lineDiastolicHigh: String
    var recentMessages: String
    var noMessages: String
    var fromClinic: String
    var contactRequestMessage: String
    var devicesTitle: String
    var noDevices: String
    var columnDevice: String
    var columnLastContact: String
    var columnBattery: String
    var columnClock: String
    var never: String
    var editThresholds: String

    // Thresholds
    var thresholdsTitle: String
    var thresholdsIntro: String
    var columnParameter: String
    var columnDefault: String
    var columnIndividual: String
    var columnAllowed: String
    var noDefault: String
    var reasonLabel: String
    var reasonHint: String
    var saveThresholds: String
    var historyTitle: String
    var historyEmpty: String
    var columnChange: String
    var columnWho: String
    var columnWhen: String
    var columnWhy: String
    var defaultWord: String
    var groupTitles: [String]

    // Messages
    var messagesTitle: String
    var audienceLegend: String
    var audiencePatient: String
    var audienceGroup: String
    var audienceAll: String
    var patientIDLabel: String
    var groupLabel: String
    var groupKinds: [MessageGroup.Kind: String]
    var members: String
    var textLabel: String
    var sendButton: String
    var sentTitle: String
    var sentEmpty: String
    var columnAudience: String
    var columnText: String
    var columnAuthor: String

    // Fleet
    var fleetTitle: String
    var fleetIntro: String
    var fleetEmpty: String
    var columnHub: String
    var columnProblem: String
    var problemHubSilent: String
    var problemLowBattery: String
    var problemClockOff: String
    var problemDeviceSilent: String
    var lastHeard: String
    var hubItself: String

    // Form errors
    var errorSummary: String
    var fieldLabels: [String: String]
    var missing: String
    var tooLong: String
    var notANumber: String
    var notFinite: String
    var outOfRange: String
    var notWhole: String
    var unknownChoice: String
    var malformed: String
    var mustNotExceed: String
    var mustBeBelow: String
    var notFound: String

    // Notices after a saved form, and the pages of a refused request (`StaffNotice`, `StaffProblem`)
    var notices: [StaffNotice: String]
    var problemTitles: [StaffProblem: String]
    var problemTexts: [StaffProblem: String]

    /// The table of a language.
    static func `for`(_ language: Language) -> PageTexts {
        switch language {
        case .swedish: swedish
        case .english: english
        }
    }
}
