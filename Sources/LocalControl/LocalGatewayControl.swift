import BlueZ
import ControlAPI
import DeviceSessions
import Foundation
import GatewayStore
import Logging

/// `GatewayControl` in this process, over a `DeviceManager`, the hub's store and the `ReadingTap`
/// in front of the pipeline. carehubd exports it on D-Bus; the CLI uses it directly when no daemon
/// runs (then the tap has no pipeline and nothing is stored). Arguments are validated here, so every
/// caller gets the same `invalidArgument` texts.
public actor LocalGatewayControl: GatewayControl {
    let manager: DeviceManager
    let store: HubStore
    let tap: ReadingTap
    let now: @Sendable () -> Date
    let logger: Logger
    let pairingSearchTimeout: Duration
    /// Whether readings are forwarded to a clinic's store (carehubd's `[forwarding]`), for `status`.
    let forwardingConfigured: Bool
    /// The address being paired, if any: one pairing at a time.
    var pairingAddress: String?
    /// Running `waitForReading` calls per address that asked for a test session.
    var testSessions: [String: Int] = [:]

    /// Creates the control over a manager (running, for pairing and readings), an open store and
    /// the tap the manager hands its values to.
    public init(
        manager: DeviceManager, store: HubStore, tap: ReadingTap, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "carehub.control"), pairingSearchTimeout: Duration = .seconds(30),
        forwardingConfigured: Bool = false
    ) {
        self.forwardingConfigured = forwardingConfigured
        self.manager = manager
        self.store = store
        self.tap = tap
        self.now = now
        self.logger = logger
        self.pairingSearchTimeout = pairingSearchTimeout
    }

    public func status() async throws(ControlError) -> ControlStatus {
        let running = await manager.isBlueZRunning()
        let adapter = running ? await manager.adapterName() : nil
        let paired: Int, assigned: Int, last: Date?, outbox: OutboxCounts, delivery: ForwardingState
        do {
            paired = try store.devices().count
            assigned = try store.assignedDeviceCount()
            outbox = try store.outboxCounts(now: now())
            delivery = try store.forwardingState()
            last = try store.lastReadingTimes().values.max()
        } catch {
            throw .storeFailed("\(error)")
        }
        let forwarding = ControlForwarding(
            configured: forwardingConfigured, oldestUndeliveredAt: outbox.oldestPendingReceivedAt,
            lastSuccessAt: delivery.lastSuccessAt, lastError: delivery.lastError, lastErrorAt: delivery.lastErrorAt,
            deadLetters: outbox.deadLettered)
        return ControlStatus(
            version: CareHubVersion.current, bluezRunning: running, adapter: adapter, pairedDevices: paired,
            assignedDevices: assigned, outboxPending: outbox.pending, lastReadingAt: last, forwarding: forwarding)
    }

    public func devices() async throws(ControlError) -> [ControlDevice] {
        let stored: [StoredDevice]
        let lastReadings: [String: Date]
        do {
            stored = try store.devices()
            lastReadings = try store.lastReadingTimes()
        } catch {
            throw .storeFailed("\(error)")
        }
        var result: [ControlDevice] = []
        for device in stored {
            result.append(try await describe(device, lastReadingAt: lastReadings[device.address]))
        }
        return result
    }

    /// One device as the technician sees it: stored details, active assignments, session state.
    func describe(_ device: StoredDevice, lastReadingAt: Date?) async throws(ControlError) -> ControlDevice {
        let assignments: [Assignment]
        do {
            assignments = try store.assignments(address: device.address).filter { $0.revokedAt == nil }
        } catch {
            throw .storeFailed("\(error)")
        }
        return ControlDevice(
            address: device.address, kind: device.kind.rawValue, model: device.model, manufacturer: device.manufacturer,
            serial: device.serial, firmware: device.firmware, pairedAt: device.pairedAt, pairedBy: device.pairedBy,
            assignments: assignments.map {
                ControlAssignment(patient: $0.patientID, userIndex: $0.userIndex, assignedAt: $0.assignedAt, assignedBy: $0.assignedBy)
            },
            state: await manager.state(of: device.address)?.description, battery: await manager.batteryLevel(of: device.address),
            lastReadingAt: lastReadingAt)
    }

    /// The stored, not forgotten device at a (normalised) address, described; `notPaired` otherwise.
    func pairedDevice(_ address: String) async throws(ControlError) -> ControlDevice {
        let device: StoredDevice?
        let last: Date?
        do {
            device = try store.device(address: address)
            last = try store.lastReadingTimes()[address]
        } catch {
            throw .storeFailed("\(error)")
        }
        guard let device, device.forgottenAt == nil else { throw .notPaired(address: address) }
        return try await describe(device, lastReadingAt: last)
    }
}
