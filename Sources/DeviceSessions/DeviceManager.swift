import BlueZ
import DBus
import Foundation
import HealthProfiles
import Logging

/// The gateway's BlueZ side: keeps discovery running with the hub's filter, connects ASSIGNED
/// devices while they advertise (`ConnectPolicy`: only after a fresh advertising report, one
/// bounded attempt at a time per adapter, freshest first), runs one `DeviceSession` per device (connect, resolve,
/// read info, set the clock, subscribe, receive) and hands every measurement value to the
/// `MeasurementSink` in order per device. Survives bluetoothd restarts and adapters that vanish
/// and return. Pairing for technicians is in `DeviceManager+Pairing.swift`.
public actor DeviceManager {
    let client: any BlueZClient
    /// The D-Bus client the pairing agent is exported on (nil: no agent, e.g. a read-only tool).
    let agentClient: BlueZDBusClient?
    let registry: any DeviceRegistry
    let sink: any MeasurementSink
    let quirkRegistry: QuirkRegistry
    let clock: any SessionClock
    let backoff: BackoffPolicy
    let now: @Sendable () -> Date
    let logger: Logger
    let broadcaster = EventBroadcaster<GatewayDeviceEvent>()
    let agentRouter = AgentRouter()

    var sessions: [String: DeviceSession] = [:]
    var connectionCounter: UInt64 = 0
    /// The adapter discovery runs on; nil while none is usable.
    var adapterPath: ObjectPath?
    /// The adapter set-up under way, if any: a second caller (a technician's pairing while start-up
    /// or an adapter change sets it up) awaits it instead of racing it (StopDiscovery/StartDiscovery
    /// of the two interleaving failed one of them, and pairing said "no powered adapter").
    var adapterSetUp: Task<Void, Never>?
    /// One page at a time per adapter, freshest advertisement first (DeviceManager+Gate.swift).
    var gates: [ObjectPath: ConnectGate] = [:]
    var gateWaiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
    var gateCounter: UInt64 = 0
    var agent: PairingAgent?
    /// Addresses a technician is pairing right now (sessions leave them alone).
    var pairing: Set<String> = []
    var running = false
    /// The last battery level each device reported, by address (kept across connections).
    var batteryLevels: [String: Int] = [:]
    /// Paired devices connected for a technician's test only (not assigned): `beginTest(address:)`.
    var testSessions = TestSessions()
    /// When each device was last reported advertising (live signals only): no connect without a fresh one.
    var adverts: AdvertisementLog
    /// When to connect and how long one attempt may take.
    let connectPolicy: ConnectPolicy
    /// False: assigned devices are not connected, only test sessions (the CLI without a daemon).
    let connectAssigned: Bool
    /// Concurrent connections per adapter at most (controllers have few LE connection slots).
    let maxConnections: Int
    /// Who holds and who waits for the adapters' connection slots (DeviceManager+Slots.swift).
    var slots: ConnectionSlots
    /// When a stuck controller is power-cycled (DeviceManager+Watchdog.swift).
    var watchdogs: AdapterWatchdogs

    /// Creates a manager. `agentClient` (usually the same object as `client`) carries the pairing agent.
    /// `maxConnections`: concurrent links per adapter (others wait their turn); `watchdog`: when a
    /// stuck controller is power-cycled; `connectAssigned` false: only test sessions connect;
    /// `connectPolicy`: how fresh an advertisement must be and how long one connect attempt may take.
    public init(
        client: any BlueZClient, agentClient: BlueZDBusClient? = nil, registry: any DeviceRegistry,
        sink: any MeasurementSink, quirks: QuirkRegistry = .standard, clock: any SessionClock = ContinuousSessionClock(),
        backoff: BackoffPolicy = BackoffPolicy(), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "carehub.sessions"), connectAssigned: Bool = true, maxConnections: Int = 3,
        watchdog: WatchdogPolicy = WatchdogPolicy(), connectPolicy: ConnectPolicy = ConnectPolicy()
    ) {
        self.client = client
        self.agentClient = agentClient
        self.registry = registry
        self.sink = sink
        self.quirkRegistry = quirks
        self.clock = clock
        self.backoff = backoff
        self.now = now
        self.logger = logger
        self.connectAssigned = connectAssigned
        self.maxConnections = max(1, maxConnections)
        self.slots = ConnectionSlots(limit: max(1, maxConnections))
        self.watchdogs = AdapterWatchdogs(policy: watchdog)
        self.connectPolicy = connectPolicy
        self.adverts = AdvertisementLog(freshness: connectPolicy.advertisementFreshness)
    }

    /// A new stream of device events from now on.
    public nonisolated func events() -> AsyncStream<GatewayDeviceEvent> {
        broadcaster.subscribe()
    }

    /// The state of one device's session (nil: never seen as an assigned device).
    public func state(of address: String) -> DeviceSessionState? {
        sessions[address.uppercased()]?.state
    }

    /// Registers the pairing agent, starts discovery and runs until cancelled. Events are
    /// subscribed before the view is read, so nothing is missed.
    public func run() async {
        guard !running else { return }
        running = true
        let events = client.events()
        if let agentClient {
            let agent = PairingAgent(client: agentClient, delegate: agentRouter, capability: .keyboardDisplay)
            self.agent = agent
            do {
                try await agent.start()
            } catch {
                // The agent re-registers by itself when bluetoothd (re)appears.
                logger.error("pairing agent not registered yet", metadata: ["error": "\(error)"])
            }
        }
        if await client.isBlueZRunning() { await setUpAdapter() }
        for await event in events {
            if Task.isCancelled { break }
            await handle(event)
        }
        await shutdown()
    }

    func shutdown() async {
        for address in sessions.keys {
            sessions[address]?.task?.cancel()
            sessions[address]?.inbox?.finish()
        }
        await agent?.stop()
        agent = nil
        running = false
        broadcaster.finish()
    }

    // MARK: events

    func handle(_ event: BlueZEvent) async {
        switch event {
        case .bluezAppeared:
            await setUpAdapter()
        case .bluezVanished:
            adapterPath = nil
            for address in sessions.keys { endConnection(address, reason: "bluetoothd stopped", cancelTask: true) }
        case let .adapterAdded(adapter):
            if adapterPath == nil, adapter.powered { await setUpAdapter() }
        case let .adapterChanged(adapter, changed):
            if changed.contains("Powered") {
                if adapter.powered, adapterPath == nil || adapterPath == adapter.path { await setUpAdapter() }
                if !adapter.powered, adapterPath == adapter.path { adapterPath = nil }
            }
        case let .adapterRemoved(path):
            if adapterPath == path {
                adapterPath = nil
                broadcaster.yield(.adapterChanged(nil))
                for (address, session) in sessions where session.path?.rawValue.hasPrefix(path.rawValue + "/") == true {
                    endConnection(address, reason: "adapter removed", cancelTask: true)
                }
                await setUpAdapter()
            }
        case let .deviceAdded(device):
            // A link someone left up (a crashed predecessor) is adopted; anything else waits for
            // an advertising report (`.advertised` follows this event when the signal carries one).
            if device.connected { await considerConnecting(device) }
        case let .advertised(device):
            adverts.record(device.address, at: now())
            await considerConnecting(device)
        case let .deviceRemoved(path, address):
            // UnknownObject next time: the session re-resolves the path by address at the next advertisement.
            if sessions[address]?.path == path {
                endConnection(address, reason: "device object removed", cancelTask: true)
                sessions[address]?.path = nil
            }
        case let .disconnected(path, reason):
            if let address = sessions.first(where: { $0.value.path == path })?.key {
                endConnection(address, reason: reason, cancelTask: false)
            }
        case let .characteristicValue(path, bytes):
            await route(path, bytes)
        case let .characteristicAdded(characteristic):
            servicesChanged(added: characteristic)
        case let .characteristicRemoved(path):
            for address in sessions.keys { sessions[address]?.measurementPaths[path] = nil }
        default:
            break
        }
    }

    /// Picks the adapter, sets the discovery filter and (re)starts discovery; one set-up at a time.
    func setUpAdapter() async {
        if let running = adapterSetUp {
            await running.value
            return
        }
        let task = Task { await self.setUpAdapterNow() }
        adapterSetUp = task
        await task.value
        adapterSetUp = nil
    }

    private func setUpAdapterNow() async {
        guard let adapter = await client.defaultAdapter(), adapter.powered else { return }
        do {
            try await client.setDiscoveryFilter(adapter: adapter.path, SupportedServices.discoveryFilter, timeout: .seconds(5))
            // A stale session of ours (crash, restart race) makes StartDiscovery fail InProgress.
            try? await client.stopDiscovery(adapter: adapter.path, timeout: .seconds(5))
            try await client.startDiscovery(adapter: adapter.path, timeout: .seconds(5))
        } catch {
            logger.error("discovery not started", metadata: ["adapter": "\(adapter.hciName)", "error": "\(error)"])
            return
        }
        let changed = adapterPath != adapter.path
        adapterPath = adapter.path
        if changed {
            logger.info("discovering", metadata: ["adapter": "\(adapter.hciName)"])
            broadcaster.yield(.adapterChanged(adapter.hciName))
        }
        // Links left up are adopted now. A cached RSSI is no advertisement: the others connect at
        // their next advertising report, which discovery brings within a second while they advertise.
        for device in await client.devices() where device.adapter == adapter.path && device.connected {
            await considerConnecting(device)
        }
    }

    /// Starts a session for an assigned (or under-test) device that is not already being handled,
    /// if it advertised within the freshness window or its link is up already.
    func considerConnecting(_ device: Device) async {
        let address = device.address
        logger.trace("advertisement", metadata: ["device": "\(address)", "pairing": "\(pairing.contains(address))",
                                                "state": "\(sessions[address].map { "\($0.state)" } ?? "none")"])
        guard !pairing.contains(address), device.adapter == adapterPath else { return }
        guard device.connected || adverts.isFresh(address, at: now()) else { return }
        if let session = sessions[address], session.isBusy || session.state == .bondLost || session.needsRepair { return }
        guard await wantsConnection(address) else { return }
        // Re-check: the registry await may have interleaved with another advertisement.
        if let session = sessions[address], session.isBusy || session.state == .bondLost || session.needsRepair { return }
        if sessions[address] == nil { sessions[address] = DeviceSession(address: address) }
        sessions[address]?.path = device.path
        setState(address, .connecting(attempt: 1))
        sessions[address]?.task = Task { await self.runConnection(address: address) }
    }

    func setState(_ address: String, _ state: DeviceSessionState) {
        guard sessions[address]?.state != state else { return }
        sessions[address]?.state = state
        logger.debug("session state", metadata: ["device": "\(address)", "state": "\(state)"])
        broadcaster.yield(.stateChanged(address: address, state))
    }

    /// The link is down: a receiving session ends its batch; a running procedure is cancelled only
    /// when asked (otherwise its own waits fail and it decides whether to retry).
    func endConnection(_ address: String, reason: String?, cancelTask: Bool) {
        guard let session = sessions[address] else { return }
        if cancelTask {
            session.task?.cancel()
            sessions[address]?.task = nil
        }
        switch session.state {
        case .receiving:
            let values = session.valuesThisConnection
            logger.info("batch ended", metadata: ["device": "\(DeviceLogID.of(address))", "connection": "\(session.connectionID)", "values": "\(values)"])
            broadcaster.yield(.batchEnded(address: address, connectionID: session.connectionID, values: values))
            sessions[address]?.valuesThisConnection = 0
            setState(address, .disconnected(reason: reason))
            releaseSlot(address)
        case .bondLost, .disconnected, .seen:
            break
        default:
            if cancelTask { setState(address, .disconnected(reason: reason)) }
        }
        if cancelTask {
            // Notify sessions die with bluetoothd / the adapter: subscribe again next time.
            sessions[address]?.measurementPaths = [:]
            releaseSlot(address)
        }
    }

    func nextConnectionID() -> UInt64 {
        connectionCounter += 1
        return connectionCounter
    }
}
