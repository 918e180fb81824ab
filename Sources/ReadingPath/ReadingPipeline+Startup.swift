import Display
import Foundation
import GatewayStore
import Logging
import Triage

/// The result of the missing-data check (rule M1) for one patient.
public struct MissingDataResult: Sendable {
    /// The patient's logical id (for the caller's worklist item; never logged).
    public var patientID: String
    /// Triage's assessment: yellow with the reminder text when a morning weight is missing.
    public var assessment: Assessment
}

extension ReadingPipeline {
    /// Fills the display from the store at start-up (and again around midnight, so "I dag" stays
    /// true): the last readings, the clinic's open messages, and the trends of the newest reading's patient.
    public func start(now: Date = Date()) async throws(StoreError) {
        let recent = try store.withQuantities(try store.recentReadings(limit: configuration.recentLimit))
        let delivered = configuration.forwarding ? try store.forwardedReadingIDs(among: recent.map(\.id)) : []
        let readings = recent.map { stored in
            displayReading(stored, delivered: delivered.contains(stored.id), now: now)
        }
        let messages = try displayMessages(now: now)
        var trends = TrendSeries.empty(endingAt: now, days: configuration.historyDays)
        if let patient = recent.max(by: { $0.reading.effectiveAt < $1.reading.effectiveAt })?.reading.patientID {
            var state = patients[patient] ?? PatientState()
            state.refreshParameters(try store.thresholds(patient: patient), logger: logger)
            try state.ensureHistory(from: now.addingTimeInterval(-configuration.historySpan), patient: patient, store: store)
            patients[patient] = state
            trends = TrendBuilder.trends(
                history: state.history, parameters: state.parameters, end: now, days: configuration.historyDays,
                calendar: calendar, language: text.displayLanguage)
        }
        shownTrends = trends
        await display.setRecent(readings)
        await display.setMessages(messages)
        await display.setTrends(trends)
        logger.info("display loaded from the store", metadata: ["readings": "\(readings.count)"])
    }

    /// Shows the clinic's open messages again (the clinic sync stored new ones): the page updates at once.
    public func reloadMessages(now: Date = Date()) async throws(StoreError) {
        await display.setMessages(try displayMessages(now: now))
    }

    /// The open clinic messages as the page shows them: sent time and sender as the clinic gave them.
    func displayMessages(now: Date) throws(StoreError) -> [DisplayMessage] {
        try store.openMessages(limit: 10).map { message in
            let sent = message.sentAt ?? message.receivedAt
            return DisplayMessage(
                id: String(message.id.rawValue), text: message.text, sent: sent, sentText: text.time(sent, now: now),
                sender: message.sender ?? "")
        }
    }

    /// A stored reading as the page shows it, with the clinic sentence true for its delivery state.
    func displayReading(_ stored: StoredReading, delivered: Bool, now: Date) -> DisplayReading {
        let storedText = configuration.language == .swedish ? stored.assessment?.textSV : stored.assessment?.textEN
        let clinic: ClinicDelivery = configuration.forwarding ? (delivered ? .delivered : .sending) : .notConnected
        return text.displayReading(
            id: stored.id, reading: stored.reading, colour: stored.assessment?.colour ?? .grey, messages: nil,
            storedText: storedText ?? "", now: now, ruleIDs: stored.assessment?.ruleIDs ?? [], clinic: clinic)
    }

    /// The clinic's store accepted these readings (the forwarder calls this after a delivered batch):
    /// those still on the page now say, in place, that the clinic has the value.
    public func delivered(_ ids: [ReadingID]) async {
        guard configuration.forwarding else { return }
        let language = configuration.language
        for var shown in await display.shownReadings(ids: Set(ids.map { String($0.rawValue) })) {
            let before = shown
            shown.headline = ClinicDelivery.delivered.apply(to: shown.headline, replacing: .clinicSending, in: language)
            shown.detail = ClinicDelivery.delivered.apply(to: shown.detail, replacing: .clinicSending, in: language)
            if shown != before { await display.update(shown) }
        }
    }

    /// Rule M1 for every patient with an active assignment: a yellow result means no morning weight
    /// for `missing.weight_days` days. The alert state is stored (so the reminder is not repeated
    /// until a weight clears it); the caller shows the reminder and raises the worklist item.
    public func missingDataCheck(now: Date) throws(StoreError) -> [MissingDataResult] {
        var patientIDs = Set<String>()
        for device in try store.devices() {
            for assignment in try store.assignments(address: device.address) where assignment.revokedAt == nil {
                patientIDs.insert(assignment.patientID)
            }
        }
        var results: [MissingDataResult] = []
        for patient in patientIDs.sorted() {
            var state = patients[patient] ?? PatientState()
            state.refreshParameters(try store.thresholds(patient: patient), logger: logger)
            state.refreshAlertState(try store.alertStates(patient: patient), logger: logger)
            try state.ensureHistory(from: now.addingTimeInterval(-configuration.historySpan), patient: patient, store: store)
            let outcome = TriageEngine.missingData(
                now: now, history: PatientHistory(readings: Array(state.window(endingAt: now, span: configuration.historySpan))),
                parameters: state.parameters, alertState: state.alertState, calendar: calendar,
                language: configuration.language)
            let rows = PatientState.changedRows(from: state.alertState, to: outcome.alertState)
            for (signal, json) in rows.sorted(by: { $0.key < $1.key }) {
                try store.setAlertState(patient: patient, signal: signal, stateJSON: json, at: now)
            }
            state.alertState = outcome.alertState
            state.alertRows = (state.alertRows ?? [:]).merging(rows) { _, new in new }
            patients[patient] = state
            if outcome.assessment.colour != .green {
                logger.notice("missing morning weight", metadata: ["colour": "\(outcome.assessment.colour.rawValue)"])
            }
            results.append(MissingDataResult(patientID: patient, assessment: outcome.assessment))
        }
        return results
    }
}
