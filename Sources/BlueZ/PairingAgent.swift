import DBus
import Logging

/// IO capability announced in `AgentManager1.RegisterAgent`.
public enum AgentCapability: String, Sendable {
    case displayOnly = "DisplayOnly"
    case displayYesNo = "DisplayYesNo"
    case keyboardOnly = "KeyboardOnly"
    case noInputNoOutput = "NoInputNoOutput"
    case keyboardDisplay = "KeyboardDisplay"
}

/// Exports `org.bluez.Agent1` on the client's connection, registers it with AgentManager1 and
/// makes it the default agent (implicit pairings go to the default agent only), and registers it
/// again every time bluetoothd (re)appears: registrations die with the daemon.
/// Calls from anyone but the current org.bluez owner are refused. The agent stays alive (exported
/// and re-registering) until `stop()`, even if the caller drops its reference.
public actor PairingAgent {
    public nonisolated let path: ObjectPath
    public nonisolated let capability: AgentCapability
    let client: BlueZDBusClient
    let delegate: any AgentDelegate
    let logger: Logger
    var watcher: Task<Void, Never>?
    var exported = false
    /// Owner of org.bluez the agent is registered with, nil if not registered.
    public internal(set) var registeredWith: String?
    var registrationSinks: [Int: AsyncStream<String>.Continuation] = [:]
    var nextSink = 0

    public init(client: BlueZDBusClient, delegate: any AgentDelegate, path: ObjectPath = "/org/carehub/agent",
                capability: AgentCapability = .keyboardDisplay, logger: Logger = Logger(label: "carehub.bluez.agent")) {
        self.client = client
        self.delegate = delegate
        self.path = path
        self.capability = capability
        self.logger = logger
    }

    /// Exports the agent and registers it now (if bluetoothd runs) and after every restart.
    /// Throws if the export fails or the first registration is refused.
    public func start() async throws(BlueZError) {
        guard !exported else { return }
        do {
            try client.connection.export(agentObject())
        } catch {
            throw BlueZError(error, operation: "export Agent1")
        }
        exported = true
        let events = client.events()
        watcher = Task {
            for await event in events {
                switch event {
                case .bluezAppeared, .agentManagerAvailable: await self.registerIfNeeded()
                case .bluezVanished: self.forgetRegistration()
                default: continue
                }
            }
        }
        if await client.isBlueZRunning(), await client.hasAgentManager() { try await register() }
    }

    /// Unregisters (best effort) and unexports the agent.
    public func stop() async {
        watcher?.cancel()
        watcher = nil
        if registeredWith != nil {
            _ = try? await client.callBlueZ(BlueZInterface.rootPath, BlueZInterface.agentManager, "UnregisterAgent",
                                            [.objectPath(path)], timeout: BlueZTimeouts.call)
        }
        registeredWith = nil
        if exported { client.connection.unexport(path) }
        exported = false
        for sink in registrationSinks.values { sink.finish() }
        registrationSinks = [:]
    }

    /// A stream of the org.bluez owners the agent registered with (one element per registration).
    public func registrations() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        nextSink += 1
        let id = nextSink
        registrationSinks[id] = continuation
        if let registeredWith { continuation.yield(registeredWith) }
        continuation.onTermination = { [weak self] _ in Task { await self?.dropSink(id) } }
        return stream
    }

    /// RegisterAgent + RequestDefaultAgent. `AlreadyExists` counts as registered.
    public func register() async throws(BlueZError) {
        guard let owner = await client.bluezOwner() else { throw .bluezNotRunning("org.bluez has no owner") }
        do {
            _ = try await client.callBlueZ(BlueZInterface.rootPath, BlueZInterface.agentManager, "RegisterAgent",
                                           [.objectPath(path), .string(capability.rawValue)], timeout: BlueZTimeouts.call)
        } catch .alreadyExists {
            // Registered earlier with this daemon (e.g. start() raced the appeared event).
        }
        _ = try await client.callBlueZ(BlueZInterface.rootPath, BlueZInterface.agentManager, "RequestDefaultAgent",
                                       [.objectPath(path)], timeout: BlueZTimeouts.call)
        registeredWith = owner
        logger.info("pairing agent registered", metadata: ["capability": "\(capability.rawValue)"])
        for sink in registrationSinks.values { sink.yield(owner) }
    }

    /// Registers unless already registered with the current daemon (errors are logged; the next
    /// appearance of bluetoothd or AgentManager1 tries again).
    private func registerIfNeeded() async {
        guard let owner = await client.bluezOwner(), registeredWith != owner, await client.hasAgentManager() else { return }
        do {
            try await register()
        } catch {
            logger.error("pairing agent registration failed", metadata: ["error": "\(error)"])
        }
    }

    private func forgetRegistration() {
        registeredWith = nil
    }

    private func dropSink(_ id: Int) {
        registrationSinks[id] = nil
    }
}
