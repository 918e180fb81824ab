import DeviceSessions
import Display
import Foundation
import GatewayStore
import Triage

/// A reading assessed and waiting for its batch's commit.
struct PendingKeep {
    var reading: NewReading
    /// What an in-batch resend of it is recognised by.
    var identity: ResendIdentity?
    var record: NewAssessment
    var messages: [PatientMessage]
    var alertRows: [String: String]
    var patient: String
    /// The id it carries in the patient's cached history until the commit gives it a real one.
    var provisionalID: String?
    var receivedAt: Date
    var device: String
    var deviceTimeUsed: Bool
    /// The FHIR resources forwarded for it (ForwardedResources), stored with its outbox row.
    var forwardedJSON: String
}

/// What one value of a batch is waiting for.
enum BatchSlot {
    /// Decided without the commit (ignored, rejected, a stored duplicate, a failed read).
    case done(ReadingPipeline.Step)
    /// The batch's pending reading at this index.
    case pending(Int)
    /// A resend of the batch's pending reading at this index: it ends as that one ends.
    case resendOf(Int, kind: GatewayStore.ReadingKind, device: String, receivedAt: Date)
}

/// The state of one batch between its first assessment and its commit.
struct BatchWork {
    var pending: [PendingKeep] = []
    /// The batch's patients' cached states (taken out of the pipeline's cache), with the batch's
    /// readings in them provisionally.
    var working: [String: PatientState] = [:]
    /// Patients whose alert state was already taken from the store in this batch.
    var seen: Set<String> = []

    /// Sorts after the stored ids' digits and before triage's "new" on equal times, as a stored id does.
    static func provisionalID(_ index: Int) -> String { "batch-\(index)" }
}

extension ReadingPipeline {
    /// Takes values that were waiting together (one device's memory dump): each is decoded, bound
    /// and assessed in order, seeing the batch's earlier readings as history and the alert state they
    /// leave; then ONE commit (one fsync) for all of them; only after it succeeds does anyone hear
    /// of them (log lines, display events in order, trends once, the forwarder woken once). If the
    /// commit fails, every reading of the batch is reported not saved and the cache is reloaded.
    public func handle(batch events: [MeasurementEvent]) async -> [MeasurementOutcome] {
        let (steps, trends) = processBatch(events)
        var outcomes: [MeasurementOutcome] = []
        outcomes.reserveCapacity(steps.count)
        var stored = false
        for step in steps {
            switch step {
            case .finished(let outcome):
                outcomes.append(outcome)
            case .committed(let feedback):
                // Only now, with the reading durable, does anyone hear of it.
                logStored(feedback)
                await display.publish(feedback.display)
                stored = true
                outcomes.append(.stored(readingID: feedback.id.rawValue))
            case .notSaved(let outcome, let unsaved):
                // The patient just measured: say plainly that it was NOT saved (never show the value).
                await display.reportNotSaved(unsaved)
                outcomes.append(outcome)
            }
        }
        if let trends { await display.setTrends(trends) }
        if stored { wakeup.signal() }
        return outcomes
    }

    /// The synchronous part of `handle(batch:)`: everything up to and including the commit; the
    /// steps in input order and the trends to show if they changed.
    func processBatch(_ events: [MeasurementEvent]) -> ([Step], TrendSeries?) {
        var batch = BatchWork()
        let slots = events.map { prepare($0, into: &batch) }
        let pending = batch.pending
        guard !pending.isEmpty else {
            patients.merge(batch.working) { _, new in new }
            return (slots.map { if case .done(let step) = $0 { step } else { .finished(.ignored(reason: "internal")) } }, nil)
        }
        let results: [CommitResult]
        do {
            if pending.count == 1, let only = pending.first {
                results = [try store.commit(reading: only.reading, assessment: only.record, alertState: only.alertRows, identifiersJSON: only.forwardedJSON)]
            } else {
                results = try store.commit(
                    batch: pending.map { PendingReading(reading: $0.reading, assessment: $0.record, alertState: $0.alertRows, identifiersJSON: $0.forwardedJSON) })
            }
        } catch {
            // Nothing of the batch is stored: the provisional states are dropped (reloaded from the
            // store with the patient's next reading) and every reading of the batch is not saved.
            let failed = pending.map { notSaved(error, kind: $0.reading.kind, device: $0.device, receivedAt: $0.receivedAt) }
            let steps = slots.map { slot -> Step in
                switch slot {
                case .done(let step): step
                case .pending(let index): failed[index]
                case .resendOf(_, let kind, let device, let receivedAt):
                    notSaved(error, kind: kind, device: device, receivedAt: receivedAt)
                }
            }
            return (steps, nil)
        }
        // Moved out (not copied), so the cached histories stay uniquely referenced (no copy-on-write).
        var working = batch.working
        batch = BatchWork()
        return finish(slots, pending: pending, results: results, working: &working)
    }

    /// After a successful commit: real ids into the cache, the feedback per reading, trends once.
    private func finish(
        _ slots: [BatchSlot], pending: [PendingKeep], results: [CommitResult], working: inout [String: PatientState]
    ) -> ([Step], TrendSeries?) {
        var reload: Set<String> = []
        var feedback: [Int: Feedback] = [:]
        var last: PendingKeep?
        for (index, keep) in pending.enumerated() {
            guard index < results.count, case .stored(let id) = results[index] else {
                // Stored meanwhile by someone else: the provisional history and alert state of this
                // patient are wrong from here on; reload them from the store.
                reload.insert(keep.patient)
                continue
            }
            if let provisional = keep.provisionalID, var state = working.removeValue(forKey: keep.patient) {
                if let at = state.history.firstIndex(where: { $0.id == provisional }) {
                    state.history[at].id = String(id.rawValue)
                }
                working[keep.patient] = state
            }
            last = keep
            let display = text.displayReading(
                id: id, reading: keep.reading, colour: keep.record.colour, messages: keep.messages,
                storedText: configuration.language == .swedish ? keep.record.textSV : keep.record.textEN,
                now: keep.receivedAt, ruleIDs: keep.record.ruleIDs, clinic: configuration.forwarding ? .sending : .notConnected)
            feedback[index] = Feedback(
                id: id, display: display, colour: keep.record.colour, kind: keep.reading.kind, device: keep.device,
                rules: keep.record.ruleIDs, newAlert: keep.record.newAlert, values: text.value(keep.reading),
                deviceTimeUsed: keep.deviceTimeUsed)
        }
        var trends: TrendSeries?
        if let last, var state = working.removeValue(forKey: last.patient) {
            let lines = state.trendLines ?? TrendBuilder.Lines(parameters: state.parameters, language: text.displayLanguage)
            state.trendLines = lines
            let now = max(last.receivedAt, last.reading.effectiveAt)
            let series = TrendBuilder.trends(
                history: state.history, parameters: state.parameters, end: now, days: configuration.historyDays,
                calendar: calendar, language: text.displayLanguage, lines: lines)
            if series != shownTrends { trends = series }
            shownTrends = series
            working[last.patient] = state
        }
        for patient in reload { working[patient] = nil }
        patients.merge(working) { _, new in new }
        let steps = slots.map { slot -> Step in
            switch slot {
            case .done(let step):
                return step
            case .pending(let index):
                if let done = feedback[index] { return .committed(done) }
                return .finished(.duplicate(readingID: Self.readingID(results, index)))
            case .resendOf(let index, _, _, _):
                return .finished(.duplicate(readingID: Self.readingID(results, index)))
            }
        }
        return (steps, trends)
    }

    /// The id a commit result names (the stored reading, or the one it duplicates).
    private static func readingID(_ results: [CommitResult], _ index: Int) -> Int64 {
        guard index < results.count else { return 0 }
        switch results[index] {
        case .stored(let id), .duplicate(existing: let id): return id.rawValue
        }
    }
}
