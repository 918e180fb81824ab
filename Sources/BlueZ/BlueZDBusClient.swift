import DBus
import Logging

/// The D-Bus implementation of `BlueZClient`: ONE ObjectManager mirror of org.bluez per client.
///
/// `start()` subscribes to every signal from `org.bluez` (one match rule, so InterfacesAdded,
/// PropertiesChanged and Device1.Disconnected keep bluetoothd's order) and to NameOwnerChanged,
/// and only then calls GetManagedObjects. Signals arriving while GetManagedObjects is in flight are
/// queued and replayed on top of the reply, so none is lost or overwritten. Signals from any other
/// sender than the current owner are dropped (a vanished daemon's late signals cannot leak into the
/// new view). When bluetoothd vanishes the view is emptied (with events); when it reappears the view
/// is rebuilt. Nothing is polled. See docs/BLUEZ.md.
public actor BlueZDBusClient: BlueZClient {
    /// The bus connection (shared with a `PairingAgent`: agent registrations belong to a connection).
    public nonisolated let connection: DBusConnection
    let logger: Logger
    nonisolated let hub = EventHub()

    var cache = BlueZObjectCache()
    /// Unique name of the current org.bluez owner; nil while bluetoothd is not on the bus.
    var owner: String?
    /// True while GetManagedObjects is in flight; signals are queued in `pending` meanwhile.
    var resyncing = false
    var pending: [DBusSignal] = []
    /// Bumped on every owner change, so a stale GetManagedObjects reply is discarded.
    var generation = 0
    var ready = false
    var readyWaiters: [CheckedContinuation<Void, Never>] = []
    var tasks: [Task<Void, Never>] = []
    var started = false

    /// A client on `connection`; call `start()` before use.
    public init(connection: DBusConnection, logger: Logger = Logger(label: "carehub.bluez")) {
        self.connection = connection
        self.logger = logger
    }

    /// Connects to the system bus (or `address`) and starts a client.
    public static func connect(address: String? = nil, logger: Logger = Logger(label: "carehub.bluez")) async throws(BlueZError) -> BlueZDBusClient {
        let connection: DBusConnection
        do {
            connection = if let address { try await DBusConnection.connect(address: address) } else { try await DBusConnection.system() }
        } catch {
            throw BlueZError(error, operation: "connect to the bus")
        }
        let client = BlueZDBusClient(connection: connection, logger: logger)
        try await client.start()
        return client
    }

    /// Subscribes, then builds the view. Returns once the view reflects bluetoothd (or its absence).
    public func start() async throws(BlueZError) {
        guard !started else { return }
        started = true
        let signals: AsyncStream<DBusSignal>
        do {
            signals = try await connection.subscribe(MatchRule(sender: BlueZInterface.service))
        } catch {
            throw BlueZError(error, operation: "AddMatch org.bluez")
        }
        let owners = connection.nameOwnerChanges(BlueZInterface.service)
        tasks.append(Task { [weak self] in
            for await signal in signals { await self?.receive(signal) }
            if !Task.isCancelled { await self?.busClosed() }
        })
        tasks.append(Task { [weak self] in
            for await owner in owners { await self?.ownerChanged(to: owner) }
        })
        if !ready { await withCheckedContinuation { readyWaiters.append($0) } }
    }

    /// Stops listening and ends every event stream. Does not close the connection.
    public func stop() {
        for task in tasks { task.cancel() }
        tasks = []
        hub.finishAll()
    }

    public nonisolated func events() -> AsyncStream<BlueZEvent> {
        hub.subscribe().stream
    }

    public nonisolated func values(of characteristic: ObjectPath) -> AsyncStream<[UInt8]> {
        hub.subscribe { event in
            if case let .characteristicValue(path, bytes) = event, path == characteristic { return bytes }
            return nil
        }.stream
    }

    // MARK: signal handling

    func receive(_ signal: DBusSignal) {
        guard let owner, signal.sender == owner else { return }
        if resyncing {
            pending.append(signal)
        } else {
            apply(signal)
        }
    }

    func apply(_ signal: DBusSignal) {
        let args = signal.arguments
        var events: [BlueZEvent] = []
        switch (signal.interface, signal.member) {
        case (DBusBus.objectManagerInterface, "InterfacesAdded"):
            guard args.count == 2, let path = args[0].objectPath,
                  let interfaces = BlueZObjectCache.parseInterfaces(args[1]) else { return malformed(signal) }
            events = cache.addInterfaces(path, interfaces)
        case (DBusBus.objectManagerInterface, "InterfacesRemoved"):
            guard args.count == 2, let path = args[0].objectPath, let names = args[1].strings else { return malformed(signal) }
            events = cache.removeInterfaces(path, names)
        case (DBusBus.propertiesInterface, "PropertiesChanged"):
            guard args.count == 3, let interface = args[0].string, let changed = args[1].variantDict,
                  let invalidated = args[2].strings else { return malformed(signal) }
            events = cache.propertiesChanged(signal.path, interface: interface, changed: changed, invalidated: invalidated)
        case (BlueZInterface.device, "Disconnected"):
            guard let reason = args.first?.string else { return malformed(signal) }
            cache.noteDisconnectReason(signal.path, reason: reason)
        default:
            return
        }
        hub.publish(events)
    }

    private func malformed(_ signal: DBusSignal) {
        logger.warning("ignoring a malformed BlueZ signal", metadata: [
            "member": "\(signal.interface).\(signal.member)", "signature": "\(signal.arguments.signature)",
        ])
    }

    // MARK: bluetoothd presence

    func ownerChanged(to newOwner: String?) async {
        defer { markReady() }
        guard newOwner != owner else { return }
        generation += 1
        resyncing = false
        pending = []
        if owner != nil {
            logger.notice("bluetoothd left the bus")
            hub.publish([.bluezVanished] + cache.removeAll())
        }
        owner = newOwner
        guard let newOwner else { return }
        logger.info("bluetoothd is on the bus", metadata: ["owner": "\(newOwner)"])
        await resync(owner: newOwner, generation: generation)
    }

    /// GetManagedObjects, then replay the signals that arrived meanwhile.
    func resync(owner newOwner: String, generation expected: Int) async {
        resyncing = true
        pending = []
        var objects: BlueZObjectCache.Objects?
        for attempt in 1...3 where objects == nil {
            do {
                let reply = try await connection.call(destination: BlueZInterface.service, path: .root,
                                                      interface: DBusBus.objectManagerInterface, method: "GetManagedObjects",
                                                      timeout: BlueZTimeouts.call, expecting: "a{oa{sa{sv}}}")
                objects = BlueZObjectCache.parseManagedObjects(reply)
            } catch {
                logger.warning("GetManagedObjects failed", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
            }
            guard generation == expected else { return }
            if case .some = objects { break }
            if owner == nil || !connection.isConnected { break }
        }
        guard generation == expected else { return }
        let queued = pending
        pending = []
        resyncing = false
        hub.publish(cache.replaceAll(with: objects ?? [:]))
        for signal in queued { apply(signal) }
        hub.publish([.bluezAppeared(owner: newOwner)])
    }

    private func markReady() {
        ready = true
        let waiters = readyWaiters
        readyWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func busClosed() {
        logger.notice("the D-Bus connection of the BlueZ client closed")
        markReady()
        hub.finishAll()
    }
}
