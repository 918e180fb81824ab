import FHIR
import Foundation
import Triage

/// How the reading pipeline judges time and renders texts. A plain value; the daemon builds it from
/// its config file.
public struct PipelineConfiguration: Sendable {
    /// Language of the patient-facing texts (display and `Assessment.text`); both languages are stored.
    public var language: Language
    /// The hub's time zone: device wall clocks (BLE Date Time has no zone) are read in it, local days
    /// for morning weights are counted in it, and display times are written in it.
    public var timeZone: TimeZone
    /// How far before the hub receive time a device timestamp may lie and still be used as the
    /// measurement time (a cuff resending its memory after the hub was off). Older → hub receive time.
    public var maxDeviceTimeAge: TimeInterval
    /// How far after the hub receive time a device timestamp may lie (clock drift). Later → hub time.
    public var maxDeviceTimeLead: TimeInterval
    /// Days of the patient's history given to triage and drawn in the trend plots.
    public var historyDays: Int
    /// Readings loaded into the display's "last readings" list at start-up.
    public var recentLimit: Int
    /// Whether readings are forwarded to a clinic's store (carehubd's `forwarding` section): the
    /// patient is told the clinic has a value only once its store accepted it, and that no clinic
    /// gets it when nothing is forwarded.
    public var forwarding: Bool
    /// The hub as the PHG Device of the forwarded resources; with `forwarding`, each reading's FHIR
    /// resources are made at its commit (ReadingPath's ForwardedResources). Nil: none are made.
    public var hub: HubInfo?

    /// Creates a configuration; the defaults are the documented production values.
    public init(
        language: Language = .swedish,
        timeZone: TimeZone = TimeZone(identifier: "Europe/Stockholm") ?? .current,
        maxDeviceTimeAge: TimeInterval = 30 * 86_400,
        maxDeviceTimeLead: TimeInterval = 5 * 60,
        historyDays: Int = 14,
        recentLimit: Int = 5,
        forwarding: Bool = false,
        hub: HubInfo? = nil
    ) {
        self.language = language
        self.timeZone = timeZone
        self.maxDeviceTimeAge = maxDeviceTimeAge
        self.maxDeviceTimeLead = maxDeviceTimeLead
        self.historyDays = max(1, historyDays)
        self.recentLimit = max(1, recentLimit)
        self.forwarding = forwarding
        self.hub = hub
    }

    /// A Gregorian calendar in `timeZone`, for triage and display texts.
    package var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// `historyDays` as seconds.
    package var historySpan: TimeInterval { Double(historyDays) * 86_400 }
}
