@testable import ClinicSync
import FHIR
import Forwarding
import Foundation
@testable import GatewayStore
import Logging
import TestSupport

/// A real SQLite hub store in a temporary directory, the loopback test store, and clinic syncs
/// wired to both.
final class ClinicFixture: @unchecked Sendable {
    static let hubID = "0123456789ABCDEF"
    static let base = Date(timeIntervalSince1970: 1_796_000_000)
    static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .current

    let directory: URL
    var databasePath: String { directory.appendingPathComponent("hub.sqlite").path }
    private(set) var store: HubStore
    let server = ClinicStoreServer()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-clinic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try HubStore.open(path: directory.appendingPathComponent("hub.sqlite").path, logger: Logger(label: "test.store"))
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Closes the store and opens the same file again (a daemon restart).
    func reopen() throws {
        try store.close()
        store = try HubStore.open(path: databasePath, logger: Logger(label: "test.store"))
    }

    /// Saves a device and assigns it to a patient.
    func assign(_ address: String, patient: String, kind: DeviceKind = .scale) throws {
        try store.saveDevice(StoredDevice(address: address, kind: kind, pairedAt: Self.base, pairedBy: "tech-1"))
        try store.assign(address: address, userIndex: nil, patientID: patient, at: Self.base, by: "tech-1")
    }

    /// A clinic sync against the test store on `port`, polling often, with a short backoff.
    func sync(
        port: Int, pollInterval: TimeInterval = 0.2, heartbeatInterval: TimeInterval = 3600,
        devices: @escaping @Sendable () async -> [DeviceStatus] = { [] }
    ) throws -> (ClinicSync, StoreClient) {
        let client = try StoreClient(
            configuration: ForwardingConfiguration(url: "http://127.0.0.1:\(port)/fhir", connectTimeout: 2, requestTimeout: 5),
            environment: [:])
        let sync = ClinicSync(
            configuration: ClinicSyncConfiguration(
                hubID: Self.hubID, softwareVersion: "carehubd test", pollInterval: pollInterval,
                heartbeatInterval: heartbeatInterval, backoff: BackoffPolicy(initial: 0.05, maximum: 0.2)),
            store: store, client: client, logger: Logger(label: "test.clinic"), deviceStatuses: devices)
        return (sync, client)
    }

    static func message(_ id: String, _ audience: MessageAudience, _ text: String, minutes: Double = 0) -> ClinicMessageContent {
        ClinicMessageContent(id: id, audience: audience, text: text, sentAt: base.addingTimeInterval(minutes * 60), sender: "Hjärtmottagningen, Anna")
    }
}

/// Runs the sync while `body` runs (its events recorded), then cancels it and waits until it stopped.
func whileRunning<T: Sendable>(
    _ sync: ClinicSync, _ client: StoreClient, _ body: (ConditionRecorder<ClinicSyncEvent>) async throws -> T
) async throws -> T {
    let recorder = ConditionRecorder<ClinicSyncEvent>()
    let collecting = recorder.collect(sync.events)
    let task = Task { try await sync.run() }
    defer { collecting.cancel() }
    do {
        let result = try await body(recorder)
        task.cancel()
        _ = await task.result
        await client.shutdown()
        return result
    } catch {
        task.cancel()
        _ = await task.result
        await client.shutdown()
        throw error
    }
}

extension [ClinicSyncEvent] {
    var successfulPolls: Int { filter { $0 == .polled(failure: nil) }.count }
    var failedPolls: Int { filter { if case .polled(let failure?) = $0 { !failure.isEmpty } else { false } }.count }
}
