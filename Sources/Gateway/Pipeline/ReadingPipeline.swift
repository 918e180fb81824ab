import Display
import Foundation
import GatewayStore
import HealthProfiles
import Logging
import Triage

/// Takes every received value from the device sessions to a stored, assessed, shown reading:
/// decode → keep only readings → bind to the patient → drop duplicates → effective time → triage
/// (history, thresholds and alert state of that patient) → ONE commit → only then feedback (log line,
/// display, trends) → wake the forwarder. See docs/PIPELINE.md.
///
/// An actor: one hop per value. The store calls inside are synchronous (GRDB, fsync on commit), so a
/// value's work is serial and the per-patient cache needs no locks.
public actor ReadingPipeline: MeasurementSink {
    /// How times and texts are judged and rendered.
    public nonisolated let configuration: PipelineConfiguration
    /// Signalled after every stored reading; the forwarder awaits it.
    public nonisolated let wakeup: ForwarderWakeup
    let store: GatewayStore
    let display: DisplayHub
    let logger: Logger
    let calendar: Calendar
    let text: DisplayText
    var patients: [String: PatientState] = [:]
    /// The patient each device slot was last bound to; checked against the store on every reading.
    var bindings: [Slot: String] = [:]
    var shownTrends: TrendSeries?
    /// First packets of split body compositions, by device address (ReadingPipeline+MultiPacket.swift).
    var pendingPackets: [String: PendingPacket] = [:]

    /// Creates a pipeline over an open store and the display hub.
    public init(
        store: GatewayStore, display: DisplayHub, wakeup: ForwarderWakeup = ForwarderWakeup(),
        configuration: PipelineConfiguration = PipelineConfiguration(),
        logger: Logger = Logger(label: "carehub.pipeline")
    ) {
        self.store = store
        self.display = display
        self.wakeup = wakeup
        self.configuration = configuration
        self.logger = logger
        self.calendar = configuration.calendar
        self.text = DisplayText(language: configuration.language, calendar: configuration.calendar)
    }

    /// Takes one value through the pipeline; returns once it is durable, a duplicate, ignored or rejected.
    public func handle(_ event: MeasurementEvent) async -> MeasurementOutcome {
        switch process(event) {
        case .finished(let outcome):
            return outcome
        case .committed(let feedback):
            // Only now, with the reading durable, does anyone hear of it.
            logStored(feedback)
            await display.publish(feedback.display)
            if let trends = feedback.trends { await display.setTrends(trends) }
            wakeup.signal()
            return .stored(readingID: feedback.id.rawValue)
        case .notSaved(let outcome, let unsaved):
            // The patient just measured: say plainly that it was NOT saved (never show the value).
            await display.reportNotSaved(unsaved)
            return outcome
        }
    }

    /// The synchronous part of `handle`: everything up to and including the commit.
    func process(_ event: MeasurementEvent) -> Step {
        let device = Self.shortID(event.deviceAddress)
        var measurement: HealthProfiles.Measurement
        do {
            measurement = try Self.decode(event)
        } catch {
            logger.warning(
                "undecodable value rejected",
                metadata: ["device": "\(device)", "characteristic": "\(event.characteristic.uuidString)", "error": "\(error)"])
            return .finished(.rejected(reason: "undecodable \(event.characteristic.uuidString) value: \(error)"))
        }
        var event = event
        if case .bodyComposition(let part) = measurement, part.multiplePacket {
            guard let whole = joinPacket(part, event: event) else {
                return .finished(.ignored(reason: "first packet of a multi-packet body composition; waiting for the second"))
            }
            (measurement, event) = whole
        }
        let draft: ReadingDraft
        switch ReadingDraft.make(measurement) {
        case .success(let value): draft = value
        case .failure(let notAReading): return .finished(.ignored(reason: notAReading.reason))
        }
        do {
            return try keep(draft, event: event, device: device)
        } catch {
            logger.error(
                "reading not stored: the store failed; the patient is told nothing was saved",
                metadata: ["device": "\(device)", "kind": "\(draft.kind)", "error": "\(error)"])
            return .notSaved(
                .rejected(reason: "store failed: \(error)"), text.unsaved(kind: draft.kind, receivedAt: event.receivedAt))
        }
    }

    /// Binds, deduplicates, assesses and commits one reading.
    private func keep(_ draft: ReadingDraft, event: MeasurementEvent, device: String) throws(StoreError) -> Step {
        let slot = Slot(address: event.deviceAddress.uppercased(), userIndex: draft.userIndex)
        let unassigned = { () -> Step in
            let user = draft.userIndex.map { " user \($0)" } ?? ""
            self.logger.notice(
                "reading rejected: device\(user) is not assigned to a patient; nothing stored",
                metadata: ["device": "\(device)", "kind": "\(draft.kind)"])
            return .finished(.rejected(reason: "device \(device)\(user) is not assigned to a patient"))
        }
        // The slot's patient from the last reading (or a fresh bind); `readingInputs` re-reads the
        // assignment in the same access as everything else, so a reassignment is never missed.
        var bound = bindings[slot]
        if bound == nil { bound = try bind(address: slot.address, userIndex: slot.userIndex)?.0 }
        guard var patient = bound else { return unassigned() }
        let time = EffectiveTime.resolve(
            device: draft.deviceTime, receivedAt: event.receivedAt, configuration: configuration, calendar: calendar)
        var reading = draft.newReading(event: event, patientID: patient, userIndex: slot.userIndex, time: time)
        var inputs = try store.readingInputs(for: reading)
        var attempts = 0
        while inputs.assignedPatient != patient {
            // Reassigned or revoked since the binding was cached (or between the two reads).
            bindings[slot] = nil
            attempts += 1
            guard let current = inputs.assignedPatient, attempts < 3 else { return unassigned() }
            patient = current
            reading = draft.newReading(event: event, patientID: patient, userIndex: slot.userIndex, time: time)
            inputs = try store.readingInputs(for: reading)
        }
        bindings[slot] = patient
        if let existing = inputs.duplicate {
            logger.debug("duplicate reading ignored", metadata: ["reading": "\(existing)", "device": "\(device)"])
            return .finished(.duplicate(readingID: existing.rawValue))
        }
        // Taken out of the dictionary so appending to its history does not copy it (copy-on-write);
        // put back below. If the store throws in between, the cache is rebuilt from the store.
        var state = patients.removeValue(forKey: patient) ?? PatientState()
        state.refreshParameters(inputs.thresholds, logger: logger)
        state.refreshAlertState(inputs.alertStates, logger: logger)
        let record: NewAssessment
        let messages: [PatientMessage]
        var outcome: TriageOutcome?
        let vital = VitalMapping.vital(reading, id: "new")
        if let vital, draft.invalidReason == nil {
            try state.ensureHistory(
                from: vital.time.addingTimeInterval(-configuration.historySpan), patient: patient, store: store)
            let result = Triage.assess(
                reading: vital, history: PatientHistory(readings: state.window(endingAt: vital.time, span: configuration.historySpan)),
                parameters: state.parameters, alertState: state.alertState, calendar: calendar,
                language: configuration.language)
            outcome = result
            record = AssessmentRecord.make(result.assessment)
            messages = result.assessment.messages
        } else if draft.invalidReason == nil, AssessmentRecord.unjudgedKinds.contains(draft.kind) {
            record = AssessmentRecord.noRule(kind: draft.kind)
            messages = NoRule.messages
        } else {
            record = AssessmentRecord.invalid(reason: draft.invalidReason ?? "no value")
            messages = [PatientMessage(.measureAgain)]
        }
        let alertRows = outcome.map { PatientState.changedRows(from: state.alertState, to: $0.alertState) } ?? [:]
        let id: ReadingID
        switch try store.commit(reading: reading, assessment: record, alertState: alertRows) {
        case .duplicate(let existing):
            patients[patient] = state
            return .finished(.duplicate(readingID: existing.rawValue))
        case .stored(let stored):
            id = stored
        }
        if let outcome {
            state.alertState = outcome.alertState
            state.alertRows = (state.alertRows ?? [:]).merging(alertRows) { _, new in new }
        }
        if var vital {
            vital.id = String(id.rawValue)
            state.insert(vital, keep: configuration.historySpan)
        }
        let lines = state.trendLines ?? TrendBuilder.Lines(parameters: state.parameters, language: text.displayLanguage)
        state.trendLines = lines
        patients[patient] = state
        let now = max(event.receivedAt, reading.effectiveAt)
        let trends = TrendBuilder.trends(
            history: state.history, parameters: state.parameters, end: now, days: configuration.historyDays,
            calendar: calendar, language: text.displayLanguage, lines: lines)
        let changed = trends != shownTrends
        shownTrends = trends
        let display = text.displayReading(
            id: id, reading: reading, colour: record.colour, messages: messages,
            storedText: configuration.language == .swedish ? record.textSV : record.textEN, now: event.receivedAt,
            ruleIDs: record.ruleIDs)
        return .committed(
            Feedback(
                id: id, display: display, trends: changed ? trends : nil, colour: record.colour, kind: reading.kind,
                device: device, rules: record.ruleIDs, newAlert: record.newAlert,
                values: text.value(reading), deviceTimeUsed: time.fromDevice))
    }

    /// The patient a device slot is assigned to: the payload's user index first; a whole-device
    /// assignment applies to any user only while the device has no per-user assignments.
    private func bind(address: String, userIndex: Int?) throws(StoreError) -> (String, Int?)? {
        let address = address.uppercased()
        // The store's rule: the slot's own assignment, else the whole-device one only while the
        // device has no per-user assignment (a guest on a shared cuff must not land on the owner).
        return try store.activeAssignment(address: address, userIndex: userIndex).map { ($0.patientID, userIndex) }
    }

    /// The last two octets of an address ("EE:01" → "EE01"): enough to tell the household's devices
    /// apart in the journal, not enough to identify a device elsewhere.
    static func shortID(_ address: String) -> String {
        String(address.uppercased().filter { $0 != ":" }.suffix(4))
    }

    private func logStored(_ feedback: Feedback) {
        var metadata: Logger.Metadata = [
            "reading": "\(feedback.id)", "colour": "\(feedback.colour.rawValue)", "kind": "\(feedback.kind)",
            "device": "\(feedback.device)",
        ]
        if !feedback.rules.isEmpty { metadata["rules"] = "\(feedback.rules.joined(separator: ","))" }
        if feedback.newAlert { metadata["alert"] = "new" }
        logger.info("reading stored", metadata: metadata)
        logger.debug(
            "reading values",
            metadata: ["reading": "\(feedback.id)", "values": "\(feedback.values)", "deviceTime": "\(feedback.deviceTimeUsed)"])
    }

    /// A device slot: an upper-case address and the payload's user index.
    struct Slot: Hashable {
        var address: String
        var userIndex: Int?
    }

    /// What `process` decided.
    enum Step {
        case finished(MeasurementOutcome)
        case committed(Feedback)
        /// The store failed: the outcome, and the notice the display shows instead of a value.
        case notSaved(MeasurementOutcome, UnsavedReading)
    }

    /// Everything shown and logged about a committed reading.
    struct Feedback {
        var id: ReadingID
        var display: DisplayReading
        var trends: TrendSeries?
        var colour: AssessmentColour
        var kind: StoreReadingKind
        var device: String
        var rules: [String]
        var newAlert: Bool
        var values: String
        var deviceTimeUsed: Bool
    }
}
