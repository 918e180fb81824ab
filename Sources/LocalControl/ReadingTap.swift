import ControlAPI
import DeviceSessions
import Foundation
import GatewayStore
import HealthProfiles
import Logging
import Readings
import Triage

/// Sits between the device sessions and the pipeline and lets a technician's `waitForReading`
/// see the next measurement of a device. An assigned device's values go through the inner sink
/// (stored as usual); a device under test only is decoded and shown, never stored. Without an inner
/// sink (the CLI when no daemon runs) nothing is stored at all.
public actor ReadingTap: MeasurementSink {
    let inner: (any MeasurementSink)?
    let store: HubStore?
    let language: Language
    let quirks: QuirkRegistry
    let logger: Logger
    /// Addresses connected for a test only: decoded, shown, not stored.
    var testOnly: Set<String> = []
    var waiters: [String: [UInt64: CheckedContinuation<TestReading?, Never>]] = [:]
    var waiterCounter: UInt64 = 0

    /// Creates a tap. `inner` is the pipeline (nil: nothing is stored); `store` gives the stored
    /// reading's assessment; `language` picks its patient-facing text.
    public init(
        inner: (any MeasurementSink)?, store: HubStore?, language: Language = .swedish, quirks: QuirkRegistry = .standard,
        logger: Logger = Logger(label: "carehub.control")
    ) {
        self.inner = inner
        self.store = store
        self.language = language
        self.quirks = quirks
        self.logger = logger
    }

    /// True when values go through a pipeline that stores them.
    public nonisolated var stores: Bool { inner != nil }

    /// Marks a device as under test only: its values are decoded for the waiters, not stored.
    public func beginTest(address: String) {
        testOnly.insert(address.uppercased())
    }

    /// Ends a test: the device's values go to the inner sink again.
    public func endTest(address: String) {
        testOnly.remove(address.uppercased())
    }

    public func handle(_ event: MeasurementEvent) async -> MeasurementOutcome {
        let address = event.deviceAddress.uppercased()
        if testOnly.contains(address) || inner == nil {
            let reason = inner == nil
                ? "the CareHub daemon is not running: the reading was decoded but not stored"
                : "test only: the device is not assigned to a patient"
            if let reading = decodedOnly(event, reason: reason) { deliver(reading, to: address) }
            return .ignored(reason: inner == nil ? "daemon not running" : "test only")
        }
        guard let inner else { return .ignored(reason: "daemon not running") }
        let outcome = await inner.handle(event)
        if waiters[address]?.isEmpty == false, let reading = testReading(event, outcome: outcome) {
            deliver(reading, to: address)
        }
        return outcome
    }

    /// A batch of one device's values: passed whole to the inner sink (one commit), each value's
    /// waiters served as in `handle(_:)`. A device under test, or no inner sink: value by value.
    public func handle(batch events: [MeasurementEvent]) async -> [MeasurementOutcome] {
        let addresses = Set(events.map { $0.deviceAddress.uppercased() })
        guard let inner, testOnly.isDisjoint(with: addresses) else {
            var outcomes: [MeasurementOutcome] = []
            for event in events { outcomes.append(await handle(event)) }
            return outcomes
        }
        let outcomes = await inner.handle(batch: events)
        for (event, outcome) in zip(events, outcomes) {
            let address = event.deviceAddress.uppercased()
            if waiters[address]?.isEmpty == false, let reading = testReading(event, outcome: outcome) {
                deliver(reading, to: address)
            }
        }
        return outcomes
    }

    /// Waits for the next measurement of `address`; nil when none came within `timeout` (or the
    /// caller was cancelled).
    public func waitForReading(address: String, timeout: Duration) async -> TestReading? {
        let address = address.uppercased()
        waiterCounter += 1
        let id = waiterCounter
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.resume(address, id, with: nil)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: nil)
                } else {
                    waiters[address, default: [:]][id] = continuation
                }
            }
        } onCancel: {
            Task { await self.resume(address, id, with: nil) }
        }
    }

    /// Callers waiting for a reading of `address` (tests await a registered wait before triggering one).
    func waiterCount(_ address: String) -> Int {
        waiters[address.uppercased()]?.count ?? 0
    }

    private func resume(_ address: String, _ id: UInt64, with reading: TestReading?) {
        waiters[address]?.removeValue(forKey: id)?.resume(returning: reading)
    }

    private func deliver(_ reading: TestReading, to address: String) {
        guard let pending = waiters.removeValue(forKey: address) else { return }
        for continuation in pending.values { continuation.resume(returning: reading) }
    }

    /// A value decoded for the technician only. Nil for values that are not readings (a live cuff
    /// pressure): the waiter keeps waiting for the real one.
    func decodedOnly(_ event: MeasurementEvent, reason: String) -> TestReading? {
        let measurement: HealthProfiles.Measurement
        do {
            measurement = try quirks.quirks(for: event.device).decode(event.characteristic, event.payload)
        } catch {
            return TestReading(
                address: event.deviceAddress, characteristic: Self.characteristic(event), measurementJSON: "{}",
                outcome: .rejected(reason: "undecodable \(event.characteristic.uuidString) value: \(error)"),
                receivedAt: event.receivedAt)
        }
        guard case .success = ReadingDraft.make(measurement) else { return nil }
        return TestReading(
            address: event.deviceAddress, characteristic: Self.characteristic(event), measurementJSON: measurement.jsonString,
            outcome: .notStored(reason: reason), receivedAt: event.receivedAt)
    }

    /// What became of a value the pipeline handled, with the stored assessment's colour and text.
    func testReading(_ event: MeasurementEvent, outcome: MeasurementOutcome) -> TestReading? {
        let json = (try? quirks.quirks(for: event.device).decode(event.characteristic, event.payload))?.jsonString ?? "{}"
        var reading = TestReading(
            address: event.deviceAddress, characteristic: Self.characteristic(event), measurementJSON: json,
            outcome: .stored, receivedAt: event.receivedAt)
        let id: Int64
        switch outcome {
        case let .stored(readingID):
            id = readingID
        case let .duplicate(readingID):
            reading.outcome = .duplicate
            id = readingID
        case .ignored:
            // A live value or a non-measurement: keep waiting for a reading.
            return nil
        case let .rejected(reason):
            reading.outcome = .rejected(reason: reason)
            return reading
        }
        do {
            if let assessment = try store?.reading(id: ReadingID(rawValue: id))?.assessment {
                reading.colour = assessment.colour.rawValue
                reading.text = language == .english ? assessment.textEN : assessment.textSV
            }
        } catch {
            logger.warning("assessment of a test reading not read", metadata: ["error": "\(error)"])
        }
        return reading
    }

    static func characteristic(_ event: MeasurementEvent) -> String {
        var text = event.characteristic.uuidString.uppercased()
        if text.hasPrefix("0X") { text.removeFirst(2) }
        return text
    }
}
