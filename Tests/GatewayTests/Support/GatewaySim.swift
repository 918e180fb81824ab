import TestSupport
import BlueZ
import BlueZSim
import DBus
import Display
import Foundation
import GatewayStore
import HealthProfiles
import Logging
@testable import ControlAPI
@testable import DeviceSessions
@testable import Readings
@testable import LocalControl
@testable import ReadingPath

/// A private dbus-daemon, the real simulator owning org.bluez, a started BlueZ client, a real
/// HubStore file, and a DeviceManager running on them with a recording sink.
final class GatewaySim: @unchecked Sendable {
    let bus: PrivateBus
    let server: BlueZSimServer
    let client: BlueZDBusClient
    let control: DBusConnection
    let store: HubStore
    let storeDirectory: URL
    let sink = RecordingSink()
    let clock = InstantClock()
    let manager: DeviceManager
    let bluezEvents: EventLog<BlueZEvent>
    let deviceEvents: EventLog<GatewayDeviceEvent>
    /// With `wiring: .control`: the real pipeline behind an observing sink, the tap and the control.
    let pipelineOutcomes = ObservingSink()
    let tap: ReadingTap?
    let gatewayControl: LocalGatewayControl?
    private var runTask: Task<Void, Never>?

    /// How the manager's values are taken.
    enum Wiring {
        /// A `RecordingSink` (session tests).
        case recording
        /// As carehubd: tap → real pipeline (`storing` true) or the CLI without daemon (false).
        case control(storing: Bool)
    }

    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")
    static let cuff = "AA:BB:CC:DD:EE:01"
    static let scale = "AA:BB:CC:DD:EE:02"
    static let neighbour = "AA:BB:CC:DD:EE:03"

    /// The manager's logger, tagged per simulation: trace level with CAREHUB_SESSIONS_DEBUG=1 (to read what a stalled session was doing).
    static func logger(_ scenario: String) -> Logger {
        var logger = Logger(label: "test.sessions")
        logger[metadataKey: "sim"] = "\(scenario)-\(UUID().uuidString.prefix(4))"
        if ProcessInfo.processInfo.environment["CAREHUB_SESSIONS_DEBUG"] == "1" { logger.logLevel = .trace }
        return logger
    }

    /// Starts everything on a scenario file (fixtures/scenarios) or inline scenario JSON.
    init(
        scenario file: String? = nil, json: String? = nil, wiring: Wiring = .recording, maxConnections: Int = 3,
        watchdog: WatchdogPolicy = WatchdogPolicy(), connectPolicy: ConnectPolicy = ConnectPolicy()
    ) async throws {
        bus = try PrivateBus()
        let payloads = try PayloadLibrary.load(directory: Self.fixtures.appendingPathComponent("payloads").path)
        let loaded = if let json {
            try ScenarioLoader.load(data: Data(json.utf8), file: "inline.json", payloads: payloads)
        } else {
            try ScenarioLoader.load(file: Self.fixtures.appendingPathComponent("scenarios/\(file ?? "cuff-and-scale.json")").path, payloads: payloads)
        }
        server = try await BlueZSimServer.start(loaded, busAddress: bus.address)
        client = BlueZDBusClient(connection: try await DBusConnection.connect(address: bus.address))
        try await client.start()
        control = try await DBusConnection.connect(address: bus.address)
        storeDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-sessions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: storeDirectory, withIntermediateDirectories: true)
        store = try HubStore.open(path: storeDirectory.appendingPathComponent("gateway.sqlite").path,
                                      logger: Logger(label: "test.store"))
        bluezEvents = EventLog(client.events())
        let managerSink: any MeasurementSink
        var connectAssigned = true
        switch wiring {
        case .recording:
            managerSink = sink
            tap = nil
        case let .control(storing):
            let display = DisplayHub(trends: TrendSeries.empty(endingAt: Date(timeIntervalSince1970: 0)))
            let pipeline = ReadingPipeline(store: store, display: display, configuration: PipelineConfiguration(language: .english))
            let outcomes = pipelineOutcomes
            await outcomes.setInner(pipeline)
            let tap = ReadingTap(inner: storing ? outcomes : nil, store: store, language: .english)
            self.tap = tap
            managerSink = tap
            connectAssigned = storing
        }
        manager = DeviceManager(client: client, agentClient: client, registry: StoreDeviceRegistry(store: store), sink: managerSink,
                                clock: clock, backoff: BackoffPolicy(random: { 0.5 }), logger: Self.logger(file ?? (json == nil ? "cuff-and-scale" : "inline")),
                                connectAssigned: connectAssigned, maxConnections: maxConnections, watchdog: watchdog,
                                connectPolicy: connectPolicy)
        let (createdManager, openStore) = (manager, store)
        gatewayControl = tap.map { LocalGatewayControl(manager: createdManager, store: openStore, tap: $0, pairingSearchTimeout: .seconds(10)) }
        deviceEvents = EventLog(manager.events())
    }

    /// The control (fails the test when the sim was not wired for it).
    func controlAPI() throws -> LocalGatewayControl {
        guard let gatewayControl else { throw TimedOut(what: "a GatewaySim wired with .control") }
        return gatewayControl
    }

    /// Runs the manager in the background.
    func run() {
        let manager = self.manager
        runTask = Task { await manager.run() }
    }

    /// Saves and assigns a device as a technician would (without pairing: for pre-bonded scenarios).
    func enrol(_ address: String, kind: DeviceKind, patient: String = "patient-1") throws {
        try store.saveDevice(StoredDevice(address: address, kind: kind, pairedAt: Date(), pairedBy: "tech-1"))
        try assign(address, patient: patient)
    }

    func assign(_ address: String, patient: String = "patient-1") throws {
        try store.assign(address: address, userIndex: nil, patientID: patient, at: Date(), by: "tech-1")
    }

    /// Calls a method of the simulator's control interface.
    @discardableResult
    func simControl(_ method: String, _ arguments: [DBusValue] = []) async throws -> [DBusValue] {
        try await control.call(destination: BlueZSimServer.controlName, path: "/", interface: BlueZSimServer.controlInterface,
                               method: method, arguments: arguments)
    }

    func inject(_ fault: String, _ json: String) async throws {
        try await simControl("InjectFault", [.string(fault), .string(json)])
    }

    /// The simulator's GetState JSON, parsed.
    func simState() async throws -> [String: Any] {
        let reply = try await simControl("GetState")
        guard let text = reply.first?.string,
              let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        return object
    }

    /// The simulator's record of one device in GetState (advertising, connectCalls, …).
    func simDevice(_ address: String) async throws -> [String: Any] {
        let devices = try await simState()["devices"] as? [[String: Any]] ?? []
        return devices.first { $0["address"] as? String == address } ?? [:]
    }

    /// Device1.Connect calls the simulator received for a device.
    func connectCalls(_ address: String) async throws -> Int {
        try await simDevice(address)["connectCalls"] as? Int ?? -1
    }

    /// Another client's discovery session (a technician's scan): keeps bluetoothd scanning, and so
    /// its cached RSSI values, whatever the hub does with its own session.
    func startForeignDiscovery() async throws {
        _ = try await control.call(destination: "org.bluez", path: "/org/bluez/hci0", interface: "org.bluez.Adapter1",
                                   method: "StartDiscovery")
    }

    /// The payload bytes of a fixture id.
    static func fixture(_ id: String) throws -> [UInt8] {
        let payloads = try PayloadLibrary.load(directory: fixtures.appendingPathComponent("payloads").path)
        return payloads[id]?.bytes ?? []
    }

    func stop() async {
        runTask?.cancel()
        await sink.stop()
        await pipelineOutcomes.stop()
        await client.stop()
        client.connection.close()
        control.close()
        await server.stop()
        bus.stop()
        try? store.close()
        try? FileManager.default.removeItem(at: storeDirectory)
    }
}

/// Records every event the sessions hand over, in order; an optional hook runs on each (in the
/// sink's call, so the session waits for it like it waits for the pipeline).
actor RecordingSink: MeasurementSink {
    private(set) var events: [MeasurementEvent] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var hook: (@Sendable (MeasurementEvent, Int) async -> Void)?

    func setHook(_ hook: @escaping @Sendable (MeasurementEvent, Int) async -> Void) {
        self.hook = hook
    }

    func handle(_ event: MeasurementEvent) async -> MeasurementOutcome {
        events.append(event)
        let index = events.count
        if let hook { await hook(event, index) }
        wake()
        return .stored(readingID: Int64(index))
    }

    private func wake() {
        waiters.removeAll { waiter in
            guard events.count >= waiter.count else { return false }
            waiter.continuation.resume()
            return true
        }
    }

    /// Returns once `count` events have arrived (within `seconds`).
    func waitFor(_ count: Int, within seconds: Double = 20) async throws -> [MeasurementEvent] {
        try await withTimeout(seconds, "\(count) measurement events") {
            await self.arrived(count)
            return await self.events
        }
    }

    private func arrived(_ count: Int) async {
        if events.count >= count { return }
        // Cancellable, so that a timeout ends the wait instead of hanging the task group.
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume() } else { waiters.append((count, continuation)) }
            }
        } onCancel: {
            Task { await self.stop() }
        }
    }

    func stop() {
        for waiter in waiters { waiter.continuation.resume() }
        waiters = []
    }
}

/// A session clock that does not wait: records the delays asked for.
actor InstantClock: SessionClock {
    private(set) var sleeps: [Duration] = []

    nonisolated func sleep(for duration: Duration) async throws {
        await record(duration)
        await Task.yield()
    }

    private func record(_ duration: Duration) {
        sleeps.append(duration)
    }
}

/// A technician who types the passkey shown on the device and records what they were told.
actor TechnicianDelegate: PairingDelegate {
    let passkey: UInt32?
    private(set) var messages: [String] = []
    private(set) var passkeyRequests = 0

    init(passkey: UInt32?) {
        self.passkey = passkey
    }

    func enterPasskey(for device: PairingDevice) async -> UInt32? {
        passkeyRequests += 1
        return passkey
    }

    func progress(_ message: String) async {
        messages.append(message)
    }
}

/// Passes values to the real pipeline and records what became of them, so tests can await stored
/// readings.
actor ObservingSink: MeasurementSink {
    private var inner: (any MeasurementSink)?
    private(set) var outcomes: [(event: MeasurementEvent, outcome: MeasurementOutcome)] = []
    /// How many values each `handle(batch:)` call carried (values handed over one by one are not counted).
    private(set) var batchSizes: [Int] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func setInner(_ inner: any MeasurementSink) {
        self.inner = inner
    }

    func handle(_ event: MeasurementEvent) async -> MeasurementOutcome {
        let outcome = await inner?.handle(event) ?? .rejected(reason: "no pipeline")
        outcomes.append((event, outcome))
        waiters.removeAll { waiter in
            guard outcomes.count >= waiter.count else { return false }
            waiter.continuation.resume()
            return true
        }
        return outcome
    }

    /// A batch (values that waited together) goes to the pipeline whole, as the tap passes it on.
    func handle(batch events: [MeasurementEvent]) async -> [MeasurementOutcome] {
        let results = await inner?.handle(batch: events) ?? events.map { _ in .rejected(reason: "no pipeline") }
        batchSizes.append(events.count)
        outcomes.append(contentsOf: zip(events, results).map { (event: $0, outcome: $1) })
        waiters.removeAll { waiter in
            guard outcomes.count >= waiter.count else { return false }
            waiter.continuation.resume()
            return true
        }
        return results
    }

    /// The outcomes once `count` values went through the pipeline (within `seconds`).
    func waitFor(_ count: Int, within seconds: Double = 20) async throws -> [MeasurementOutcome] {
        try await withTimeout(seconds, "\(count) pipeline outcomes") {
            await self.arrived(count)
            return await self.outcomes.map(\.outcome)
        }
    }

    private func arrived(_ count: Int) async {
        if outcomes.count >= count { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume() } else { waiters.append((count, continuation)) }
            }
        } onCancel: {
            Task { await self.stop() }
        }
    }

    func stop() {
        for waiter in waiters { waiter.continuation.resume() }
        waiters = []
    }
}
