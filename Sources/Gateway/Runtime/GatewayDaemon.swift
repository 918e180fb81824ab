import BlueZ
import ClinicSync
import ControlAPI
import DBus
import DeviceSessions
import Display
import Forwarding
import Foundation
import GatewayStore
import LocalControl
import Logging
import ReadingPath
import ServiceLifecycle

/// Why the daemon could not start, in words for the journal.
public struct GatewayDaemonError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// `carehubd`'s core: opens the store, loads the display, connects to BlueZ, runs the device
/// sessions and the reading pipeline, serves the display page and the control API
/// (`org.carehub.Gateway1`), and stops cleanly on graceful shutdown. Order of start-up: store →
/// pipeline (display loaded from the store) → bus → control API → sessions and display page; a
/// failure before the sessions run is fatal and said plainly.
public final class GatewayDaemon: Service, Sendable {
    public let settings: GatewayDaemonSettings
    let logger: Logger
    /// Who may read the database files.
    let databaseAccess: DatabaseFileAccess
    /// Called once, when everything runs (carehubd: sd_notify READY, STATUS and the watchdog).
    let onReady: (@Sendable (GatewayReadiness) async -> Void)?

    /// Creates a daemon; nothing runs until `run()`.
    public init(
        settings: GatewayDaemonSettings, databaseAccess: DatabaseFileAccess = .ownerOnly,
        logger: Logger = Logger(label: "carehub.daemon"), onReady: (@Sendable (GatewayReadiness) async -> Void)? = nil
    ) {
        self.settings = settings
        self.databaseAccess = databaseAccess
        self.logger = logger
        self.onReady = onReady
    }

    /// The status line before the forwarder has reported anything: not linked without forwarding;
    /// connected when the store's last delivery is newer than its last error; offline otherwise.
    static func startStatus(forwarding: Bool, store: HubStore) -> HubStatus {
        guard forwarding else { return .notConnected }
        guard let state = try? store.forwardingState(), let success = state.lastSuccessAt else { return .offline }
        return state.lastErrorAt.map { $0 < success } ?? true ? .connected : .offline
    }

    public func run() async throws {
        let store: HubStore
        do {
            store = try HubStore.open(path: settings.databasePath, access: databaseAccess, logger: Logger(label: "carehub.store"))
        } catch {
            throw GatewayDaemonError(description: "cannot open the database \(settings.databasePath): \(error)")
        }
        // One quirk registry for the sessions (connect-time writes), the pipeline and the test tap (decoding).
        let quirks = QuirkRegistry.standard
        let display = DisplayHub(trends: TrendSeries.empty(endingAt: Date()))
        let pipeline = ReadingPipeline(store: store, display: display, configuration: settings.pipeline, quirks: quirks,
                                       logger: Logger(label: "carehub.pipeline"))
        do {
            try await pipeline.start()
        } catch {
            throw GatewayDaemonError(description: "cannot load the display from the database: \(error)")
        }
        var forwarder: Forwarder?
        if let forwarding = settings.forwarding {
            do {
                forwarder = try Forwarder(
                    configuration: forwarding, store: store, builder: ForwardingBundles.builder(timeZone: settings.pipeline.timeZone),
                    wakeup: pipeline.wakeup, logger: Logger(label: "carehub.forwarding"))
            } catch {
                throw GatewayDaemonError(description: "cannot forward readings: \(error)")
            }
        }
        let bluez: BlueZDBusClient
        let controlConnection: DBusConnection
        do {
            bluez = try await BlueZDBusClient.connect(address: settings.busAddress, logger: Logger(label: "carehub.bluez"))
            controlConnection = if let address = settings.busAddress {
                try await DBusConnection.connect(address: address)
            } else {
                try await DBusConnection.system()
            }
        } catch {
            throw GatewayDaemonError(description: "cannot connect to the system bus: \(error)")
        }
        let tap = ReadingTap(inner: pipeline, store: store, language: settings.pipeline.language, quirks: quirks)
        let manager = DeviceManager(
            client: bluez, agentClient: bluez, registry: StoreDeviceRegistry(store: store), sink: tap, quirks: quirks,
            logger: Logger(label: "carehub.sessions"), maxConnections: settings.maxConnections)
        let control = LocalGatewayControl(
            manager: manager, store: store, tap: tap, logger: Logger(label: "carehub.control"),
            forwardingConfigured: settings.forwarding != nil)
        let exported: GatewayControlObject
        do {
            exported = try await GatewayControlObject.start(serving: control, on: controlConnection)
        } catch {
            throw GatewayDaemonError(description: "cannot serve org.carehub.Gateway1: \(error)")
        }
        let clinic: ClinicSync?
        do {
            clinic = try ClinicWiring.clinicSync(settings: settings, store: store, control: control)
        } catch {
            throw GatewayDaemonError(description: "cannot follow the clinic's store: \(error)")
        }
        let actions = clinic.map { ClinicWiring.actions(clinic: $0, store: store, display: display, language: settings.pipeline.language) }
        let server = DisplayServer(hub: display, configuration: settings.display, actions: actions,
                                   logger: Logger(label: "carehub.display"))
        logger.info("carehubd \(CareHubVersion.current) starting", metadata: ["database": "\(settings.databasePath)"])
        do {
            try await withThrowingDiscardingTaskGroup { group in
                // Graceful shutdown (SIGTERM) cancels the sessions; the display page closes by itself
                // (it is a Service and sees the same shutdown); the control API goes last.
                group.addTask {
                    do {
                        try await cancelWhenGracefulShutdown {
                            await manager.run()
                            if !Task.isCancelled {
                                throw GatewayDaemonError(description: "the system bus connection closed")
                            }
                        }
                    } catch is CancellationError {}
                }
                group.addTask { try await server.run() }
                if let forwarder {
                    group.addTask { [logger] in
                        // Deliveries change what the page says: the clinic has the value, and the
                        // status line says whether the hub reaches the clinic.
                        let listener = Task {
                            for await event in forwarder.events {
                                switch event {
                                case .sent(let ids):
                                    await pipeline.delivered(ids)
                                    await display.setStatus(.connected)
                                case .retrying:
                                    await display.setStatus(.offline)
                                case .deadLettered, .idle:
                                    break
                                }
                            }
                        }
                        defer { listener.cancel() }
                        do {
                            try await forwarder.run()
                        } catch {
                            logger.error("the forwarder stopped", metadata: ["error": "\(error)"])
                        }
                    }
                }
                if let clinic {
                    group.addTask {
                        let listener = Task { await ClinicWiring.follow(clinic, store: store, pipeline: pipeline, display: display) }
                        defer { listener.cancel() }
                        try? await clinic.run()
                    }
                }
                group.addTask { [logger, settings, display, onReady] in
                    let port = try await server.waitUntilListening()
                    logger.info("display page listening", metadata: ["address": "\(settings.display.host):\(port)"])
                    // Until the forwarder reports, the status line says what the store remembers.
                    await display.setStatus(Self.startStatus(forwarding: settings.pipeline.forwarding, store: store))
                    await display.setContact(ClinicWiring.startContact(configured: clinic != nil, store: store))
                    await onReady?(GatewayReadiness(control: control, liveness: LivenessProbe(stages: [
                        // A hop onto the pipeline's executor (an empty batch does nothing else).
                        .init(name: "pipeline") { value in _ = await pipeline.handle(batch: []); return value },
                        // A round trip whose reply the BlueZ connection's bus thread must dispatch.
                        .init(name: "bus") { value in
                            _ = try await bluez.connection.call(destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus",
                                                                interface: "org.freedesktop.DBus.Peer", method: "Ping")
                            return value
                        },
                    ])))
                }
            }
        } catch {
            await exported.stop()
            await bluez.stop()
            throw error
        }
        await exported.stop()
        await bluez.stop()
        logger.info("carehubd stopped")
    }
}
