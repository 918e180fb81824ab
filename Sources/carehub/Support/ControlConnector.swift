import BlueZ
import ControlAPI
import DBus
import DeviceSessions
import Foundation
import GatewayStore
import LocalControl

/// Chooses how to reach the hub: through carehubd's control API when the daemon owns
/// org.carehub.Gateway on the system bus (or DBUS_SYSTEM_BUS_ADDRESS), else in-process (direct mode:
/// BlueZ and the database opened by the CLI itself).
enum ControlConnector {
    /// What the operation needs in direct mode.
    enum Need: Sendable {
        /// Only the store (and BlueZ's object view): status, devices, assign, forget.
        case store
        /// The store, read-only (scan's "assigned" column): the file is never created or changed.
        case storeReadOnly
        /// Device sessions as well: discovery, the pairing agent, test connections (pair, test).
        case sessions
    }

    static func connect(_ options: ConnectionOptions, need: Need = .store) async throws(ControlError) -> ControlSession {
        let bus: DBusConnection
        do {
            bus = if let address = options.busAddress { try await DBusConnection.connect(address: address) } else { try await DBusConnection.system() }
        } catch {
            throw .bluetoothUnavailable("cannot connect to the system D-Bus (\(error))")
        }
        if let remote = await remoteControl(on: bus) {
            return ControlSession(control: remote, mode: .daemon) { bus.close() }
        }
        do {
            return try await direct(bus: bus, options: options, need: need)
        } catch {
            bus.close()
            throw error
        }
    }

    /// Direct mode: the CLI does what carehubd would, with nothing stored from readings (the tap has
    /// no pipeline) and assigned devices left alone (only test sessions connect), so a short-lived
    /// CLI never takes a cuff's stored readings away from the daemon.
    private static func direct(bus: DBusConnection, options: ConnectionOptions, need: Need) async throws(ControlError) -> ControlSession {
        let path = options.databasePath
        // The CLI never creates a database: a mistyped path must not look like an empty hub.
        guard FileManager.default.fileExists(atPath: path) else {
            throw .storeFailed("\(path) does not exist. carehubd creates the database when it first starts; "
                               + "check --database, $CAREHUB_DATABASE or database in the config file")
        }
        let store: HubStore
        do {
            store = need == .storeReadOnly
                ? try HubStore.openReadOnly(path: path, logger: CLILog.logger("carehub.store"))
                : try HubStore.open(path: path, access: nil, create: false, logger: CLILog.logger("carehub.store"))
        } catch {
            throw .storeFailed("cannot open \(path) (\(error)); give another file with --database or $CAREHUB_DATABASE")
        }
        let client = BlueZDBusClient(connection: bus, logger: CLILog.logger("carehub.bluez"))
        do {
            try await client.start()
        } catch {
            throw .bluetoothUnavailable("\(error)")
        }
        let tap = ReadingTap(inner: nil, store: store, logger: CLILog.logger("carehub.control"))
        let manager = DeviceManager(
            client: client, agentClient: need == .sessions ? client : nil, registry: StoreDeviceRegistry(store: store), sink: tap,
            logger: CLILog.logger("carehub.sessions"), connectAssigned: false)
        var running: Task<Void, Never>?
        if need == .sessions {
            let events = manager.events()
            running = Task { await manager.run() }
            // Only when there is an adapter to wait for; otherwise the operation says what is missing at once.
            if await client.isBlueZRunning(), await client.defaultAdapter()?.powered == true { await waitForAdapter(events) }
        }
        let control = LocalGatewayControl(
            manager: manager, store: store, tap: tap, logger: CLILog.logger("carehub.control"),
            forwardingConfigured: options.hubConfig.forwarding != nil)
        let task = running
        return ControlSession(control: control, mode: .direct) {
            task?.cancel()
            await task?.value
            await client.stop()
            bus.close()
        }
    }

    /// Returns once the manager has chosen its adapter and started discovery (pairing needs both),
    /// or after 15 s (then the operation itself says what is missing).
    private static func waitForAdapter(_ events: AsyncStream<GatewayDeviceEvent>) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events {
                    if case .adapterChanged(.some) = event { return }
                }
            }
            group.addTask { try? await Task.sleep(for: .seconds(15)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// The addresses assigned to a patient on this hub, for `scan`; nil when they cannot be read.
    /// Without a daemon and without a database file nothing is assigned yet (a hub before its first pairing).
    static func assignedAddresses(_ options: ConnectionOptions) async -> Set<String>? {
        guard let session = try? await connect(options, need: .storeReadOnly) else {
            return FileManager.default.fileExists(atPath: options.databasePath) ? nil : []
        }
        let devices = try? await session.control.devices()
        await session.close()
        return devices.map { Set($0.filter { !$0.assignments.isEmpty }.map(\.address)) }
    }
}
