import DeviceSessions
import Display
import Forwarding
import Foundation
import GatewayStore
import HealthProfiles
import Logging
import Readings
import Triage

/// Takes every received value from the device sessions to a stored, assessed, shown reading:
/// decode → keep only readings → bind to the patient → drop duplicates → effective time → triage
/// (history, thresholds and alert state of that patient) → ONE commit per batch → only then
/// feedback (log line, display, trends) → wake the forwarder. See docs/PIPELINE.md.
///
/// An actor: one hop per batch (values that waited together share one commit; a value that came
/// alone is a batch of one). The store calls inside are synchronous (GRDB, fsync on commit), so a
/// batch's work is serial and the per-patient cache needs no locks.
public actor ReadingPipeline: MeasurementSink {
    /// How times and texts are judged and rendered.
    public nonisolated let configuration: PipelineConfiguration
    /// Signalled after every stored reading; the forwarder awaits it.
    public nonisolated let wakeup: ForwarderWakeup
    let store: HubStore
    let display: DisplayHub
    /// Decodes each value through the quirks of the device that sent it (ReadingPipeline+Decode.swift).
    let quirks: QuirkRegistry
    let logger: Logger
    let calendar: Calendar
    let text: DisplayText
    var patients: [String: PatientState] = [:]
    /// The patient each device slot was last bound to; checked against the store on every reading.
    var bindings: [Slot: String] = [:]
    var shownTrends: TrendSeries?
    /// First packets of split body compositions, by device address (ReadingPipeline+MultiPacket.swift).
    var pendingPackets: [String: PendingPacket] = [:]

    /// Creates a pipeline over an open store and the display hub; `quirks` decodes each device's values.
    public init(
        store: HubStore, display: DisplayHub, wakeup: ForwarderWakeup = ForwarderWakeup(),
        configuration: PipelineConfiguration = PipelineConfiguration(), quirks: QuirkRegistry = .standard,
        logger: Logger = Logger(label: "carehub.pipeline")
    ) {
        self.store = store
        self.display = display
        self.quirks = quirks
        self.wakeup = wakeup
        self.configuration = configuration
        self.logger = logger
        self.calendar = configuration.calendar
        self.text = DisplayText(language: configuration.language, calendar: configuration.calendar)
    }

    /// Takes one value through the pipeline; returns once it is durable, a duplicate, ignored or rejected.
    /// A batch of one (ReadingPipeline+Batch.swift): the same steps, one commit of one reading.
    public func handle(_ event: MeasurementEvent) async -> MeasurementOutcome {
        await handle(batch: [event]).first ?? .rejected(reason: "internal: no outcome")
    }

    /// Decodes one value and, if it is a reading to keep, prepares it for the batch's commit.
    func prepare(_ event: MeasurementEvent, into batch: inout BatchWork) -> BatchSlot {
        let device = DeviceLogID.of(event.deviceAddress)
        var measurement: HealthProfiles.Measurement
        do {
            measurement = try decode(event)
        } catch {
            logger.warning(
                "undecodable value rejected",
                metadata: ["device": "\(device)", "characteristic": "\(event.characteristic.uuidString)", "error": "\(error)"])
            return .done(.finished(.rejected(reason: "undecodable \(event.characteristic.uuidString) value: \(error)")))
        }
        var event = event
        if case .bodyComposition(let part) = measurement, part.multiplePacket {
            guard let whole = joinPacket(part, event: event) else {
                return .done(.finished(.ignored(reason: "first packet of a multi-packet body composition; waiting for the second")))
            }
            (measurement, event) = whole
        }
        let draft: ReadingDraft
        switch ReadingDraft.make(measurement) {
        case .success(let value): draft = value
        case .failure(let notAReading): return .done(.finished(.ignored(reason: notAReading.reason)))
        }
        do {
            return try keep(draft, measurement: measurement, event: event, device: device, batch: &batch)
        } catch {
            return .done(notSaved(error, kind: draft.kind, device: device, receivedAt: event.receivedAt))
        }
    }

    /// The store failed for a reading: logged, and the notice the display shows instead of its value.
    func notSaved(_ error: StoreError, kind: GatewayStore.ReadingKind, device: String, receivedAt: Date) -> Step {
        logger.error(
            "reading not stored: the store failed; the patient is told nothing was saved",
            metadata: ["device": "\(device)", "kind": "\(kind)", "error": "\(error)"])
        return .notSaved(.rejected(reason: "store failed: \(error)"), text.unsaved(kind: kind, receivedAt: receivedAt))
    }

    /// Binds, deduplicates and assesses one reading against its patient's history, including the
    /// batch's earlier readings, which it then joins (provisionally, until the batch is committed).
    private func keep(
        _ draft: ReadingDraft, measurement: HealthProfiles.Measurement, event: MeasurementEvent, device: String,
        batch: inout BatchWork
    ) throws(StoreError) -> BatchSlot {
        let slot = Slot(address: event.deviceAddress.uppercased(), userIndex: draft.userIndex)
        let unassigned = { () -> BatchSlot in
            let user = draft.userIndex.map { " user \($0)" } ?? ""
            self.logger.notice(
                "reading rejected: device\(user) is not assigned to a patient; nothing stored",
                metadata: ["device": "\(device)", "kind": "\(draft.kind)"])
            return .done(.finished(.rejected(reason: "device \(device)\(user) is not assigned to a patient")))
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
            return .done(.finished(.duplicate(readingID: existing.rawValue)))
        }
        // A resend of a reading earlier in this batch (not committed yet, so the store cannot see it):
        // not assessed, and it ends as that reading ends.
        let identity = ResendIdentity(reading)
        if let identity, let earlier = batch.pending.lastIndex(where: { $0.identity.map(identity.isResend) ?? false }) {
            logger.debug("duplicate reading ignored", metadata: ["device": "\(device)"])
            return .resendOf(earlier, kind: draft.kind, device: device, receivedAt: event.receivedAt)
        }
        // Taken out of the cache so appending to its history does not copy it (copy-on-write); it
        // stays in the batch's working set until the commit, and goes back only if that succeeds.
        var state = batch.working.removeValue(forKey: patient) ?? patients.removeValue(forKey: patient) ?? PatientState()
        defer { batch.working[patient] = state }
        state.refreshParameters(inputs.thresholds, logger: logger)
        // The store's alert state is the one before the batch: only the patient's first reading of
        // the batch takes it; later ones continue from the state the earlier ones left.
        if batch.seen.insert(patient).inserted { state.refreshAlertState(inputs.alertStates, logger: logger) }
        let record: NewAssessment
        let messages: [PatientMessage]
        var outcome: TriageOutcome?
        let vital = VitalMapping.vital(reading, id: "new")
        if let vital, draft.invalidReason == nil {
            try state.ensureHistory(
                from: vital.time.addingTimeInterval(-configuration.historySpan), patient: patient, store: store)
            let result = TriageEngine.assess(
                reading: vital, history: state.window(endingAt: vital.time, span: configuration.historySpan),
                parameters: state.parameters, alertState: state.alertState, calendar: calendar,
                language: configuration.language)
            outcome = result
            record = AssessmentRecord.make(result.assessment, parametersCache: &state.parametersJSON)
            messages = result.assessment.messages
        } else if draft.invalidReason == nil, AssessmentRecord.unjudgedKinds.contains(draft.kind) {
            record = AssessmentRecord.noRule(kind: draft.kind)
            messages = NoRule.messages
        } else {
            record = AssessmentRecord.invalid(reason: draft.invalidReason ?? "no value")
            messages = [PatientMessage(.measureAgain)]
        }
        let forwarded = forwardedResources(
            measurement: measurement, reading: reading, event: event, record: record,
            fired: outcome?.assessment.fired ?? [], overrides: Set((state.overrides ?? [:]).keys), device: device)
        let alertRows = outcome.map { PatientState.changedRows(from: state.alertState, to: $0.alertState) } ?? [:]
        if let outcome {
            state.alertState = outcome.alertState
            state.alertRows = (state.alertRows ?? [:]).merging(alertRows) { _, new in new }
        }
        let index = batch.pending.count
        let provisionalID = BatchWork.provisionalID(index)
        if var vital {
            vital.id = provisionalID
            state.insert(vital, keep: configuration.historySpan)
        }
        batch.pending.append(
            PendingKeep(
                reading: reading, identity: identity, record: record, messages: messages, alertRows: alertRows, patient: patient,
                provisionalID: vital == nil ? nil : provisionalID, receivedAt: event.receivedAt, device: device,
                deviceTimeUsed: time.fromDevice, forwardedJSON: forwarded))
        return .pending(index)
    }

    /// The FHIR resources forwarded for a reading (ForwardedResources), or `{}` when nothing is
    /// forwarded. A reading the mapping refuses is still stored and shown: the forwarder dead-letters
    /// it with the reason, and the log says why.
    private func forwardedResources(
        measurement: HealthProfiles.Measurement, reading: NewReading, event: MeasurementEvent, record: NewAssessment,
        fired: [RuleResult], overrides: Set<String>, device: String
    ) -> String {
        guard configuration.forwarding, let hub = configuration.hub else { return "{}" }
        do {
            return try ForwardedResources.json(
                measurement: measurement, reading: reading, device: event.device, record: record, fired: fired,
                overrides: overrides, hub: hub, configuration: configuration)
        } catch {
            logger.error(
                "no FHIR resources for this reading: it is stored but will not be forwarded",
                metadata: ["device": "\(device)", "kind": "\(reading.kind)", "error": "\(error)"])
            return "{}"
        }
    }

    /// The patient a device slot is assigned to: the payload's user index first; a whole-device
    /// assignment applies to any user only while the device has no per-user assignments.
    private func bind(address: String, userIndex: Int?) throws(StoreError) -> (String, Int?)? {
        let address = address.uppercased()
        // The store's rule: the slot's own assignment, else the whole-device one only while the
        // device has no per-user assignment (a guest on a shared cuff must not land on the owner).
        return try store.activeAssignment(address: address, userIndex: userIndex).map { ($0.patientID, userIndex) }
    }

    func logStored(_ feedback: Feedback) {
        var metadata: Logger.Metadata = [
            "reading": "\(feedback.id)", "colour": "\(feedback.colour.rawValue)", "kind": "\(feedback.kind)",
            "device": "\(feedback.device)",
        ]
        if !feedback.rules.isEmpty { metadata["rules"] = "\(feedback.rules.joined(separator: ","))" }
        if feedback.newAlert { metadata["alert"] = "new" }
        logger.info("reading stored", metadata: metadata)
        logger.debug(
            "reading values",
            metadata: ["reading": "\(feedback.id)", "values": "\(feedback.values)", "deviceTime": "\(feedback.deviceTimeUsed)",
                       "shown": "\(feedback.display.valueText) · \(feedback.display.timeText) · \(feedback.display.headline)"])
    }

    /// A device slot: an upper-case address and the payload's user index.
    struct Slot: Hashable {
        var address: String
        var userIndex: Int?
    }

    /// What became of one value of a batch, for its feedback.
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
        var colour: AssessmentColour
        var kind: GatewayStore.ReadingKind
        var device: String
        var rules: [String]
        var newAlert: Bool
        var values: String
        var deviceTimeUsed: Bool
    }
}
