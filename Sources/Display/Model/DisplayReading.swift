import Foundation

/// What was measured; decides the icon-free label and which trend a reading belongs to.
public enum ReadingKind: String, Sendable, Codable, CaseIterable {
    case bloodPressure
    case weight
    case pulse
    case other
    case bodyComposition
    case temperature
    case oxygenSaturation
    case glucose
}

/// The patient-facing colour of an assessment. `grey` means "measure again", not a clinical state;
/// `info` means "stored, no rule judges this kind of value" (neither good nor deviating).
public enum DisplayTone: String, Sendable, Codable, CaseIterable {
    case green
    case yellow
    case red
    case grey
    case info
}

/// One reading as the patient sees it. The gateway fills it after the reading is committed;
/// every text is final (already localized by Triage), the display only escapes and lays it out.
public struct DisplayReading: Sendable, Codable, Equatable, Identifiable {
    /// Stable id of the stored reading (e.g. the SQLite row id or the PHD-IG identifier).
    public var id: String
    /// What was measured.
    public var kind: ReadingKind
    /// When it was measured (device time, or hub receive time when the device has no clock).
    public var time: Date
    /// The time as the patient should read it, e.g. "i dag 07:12".
    public var timeText: String
    /// The measured values as text, e.g. "128/82 mmHg · puls 64" or "74,2 kg".
    public var valueText: String
    /// Colour of the assessment.
    public var tone: DisplayTone
    /// Short assessment text, e.g. "Värdet ser bra ut."
    public var headline: String
    /// Longer instruction, e.g. the self-care advice; may be empty.
    public var detail: String
    /// Short reasons (e.g. "+2,3 kg på 3 dagar"); optional, shown small under the detail.
    public var reasons: [String]

    /// Creates a reading for the display.
    public init(
        id: String, kind: ReadingKind, time: Date, timeText: String, valueText: String,
        tone: DisplayTone, headline: String, detail: String = "", reasons: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.time = time
        self.timeText = timeText
        self.valueText = valueText
        self.tone = tone
        self.headline = headline
        self.detail = detail
        self.reasons = reasons
    }
}
