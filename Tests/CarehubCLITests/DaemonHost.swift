import BlueZ
import DBus
import Display
import Foundation
import DeviceSessions
import Readings
import LocalControl
import ReadingPath
import Gateway
import GatewayStore
import Logging
import TestSupport

/// The daemon side, hosted in the test process as carehubd wires it: a DeviceManager on the private
/// bus, the real pipeline behind a ReadingTap, LocalGatewayControl over them, exported with
/// GatewayControlObject as org.carehub.Gateway. Its database is its own file, not the CLI's.
final class DaemonHost: @unchecked Sendable {
    let store: HubStore
    let outcomes = PipelineOutcomes()
    let directory: URL
    private let connection: DBusConnection
    private let client: BlueZDBusClient
    private let server: GatewayControlObject
    private let running: Task<Void, Never>

    init(busAddress: String) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehubd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let logger = Logger(label: "test.carehubd")
        store = try HubStore.open(path: directory.appendingPathComponent("carehub.sqlite").path, logger: logger)
        client = BlueZDBusClient(connection: try await DBusConnection.connect(address: busAddress), logger: logger)
        try await client.start()
        let display = DisplayHub(trends: TrendSeries.empty(endingAt: Date(timeIntervalSince1970: 0)))
        let pipeline = ReadingPipeline(store: store, display: display, configuration: PipelineConfiguration(language: .english))
        await outcomes.setInner(pipeline)
        let tap = ReadingTap(inner: outcomes, store: store, language: .english)
        let manager = DeviceManager(client: client, agentClient: client, registry: StoreDeviceRegistry(store: store), sink: tap,
                                    logger: logger)
        let events = manager.events()
        running = Task { await manager.run() }
        _ = try await withTimeout(10, "the daemon's adapter") {
            for await event in events {
                if case .adapterChanged(.some) = event { return true }
            }
            return false
        }
        let control = LocalGatewayControl(manager: manager, store: store, tap: tap, logger: logger)
        connection = try await DBusConnection.connect(address: busAddress)
        server = try await GatewayControlObject.start(serving: control, on: connection)
    }

    func stop() async {
        await server.stop()
        running.cancel()
        await running.value
        await client.stop()
        client.connection.close()
        connection.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The pipeline with its outcomes observable, so a test can await stored readings.
actor PipelineOutcomes: MeasurementSink {
    private var inner: (any MeasurementSink)?
    private(set) var outcomes: [MeasurementOutcome] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func setInner(_ inner: any MeasurementSink) {
        self.inner = inner
    }

    func handle(_ event: MeasurementEvent) async -> MeasurementOutcome {
        let outcome = await inner?.handle(event) ?? .rejected(reason: "no pipeline")
        outcomes.append(outcome)
        waiters.removeAll { waiter in
            guard outcomes.count >= waiter.count else { return false }
            waiter.continuation.resume()
            return true
        }
        return outcome
    }

    /// The outcomes once `count` values went through the pipeline (within `seconds`).
    func waitFor(_ count: Int, within seconds: Double = 30) async throws -> [MeasurementOutcome] {
        try await withTimeout(seconds, "\(count) pipeline outcomes") {
            await self.arrived(count)
            return await self.outcomes
        }
    }

    private func arrived(_ count: Int) async {
        if outcomes.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }
}
