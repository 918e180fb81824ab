#if canImport(Glibc)
import Glibc
#endif
import DBus
import Foundation

/// Runs a `BlueZSimulation` on a real bus: owns `org.bluez` (on a connection that is replaced on every
/// simulated bluetoothd restart, so the unique name changes as with a new process) and the control
/// name `org.carehub.BlueZSim` (on its own, persistent connection). Real time drives the model.
public actor BlueZSimServer {
    /// Well-known name of the control interface.
    public static let controlName = "org.carehub.BlueZSim"
    /// Control interface, exported at `/` of the control connection.
    public static let controlInterface = "org.carehub.BlueZSim1"

    let sim: BlueZSimulation
    let loaded: LoadedScenario
    let busAddress: String
    let clock = ContinuousClock()
    let origin: ContinuousClock.Instant
    var bluez: DBusConnection?
    var manager: DBusObjectManager?
    var control: DBusConnection?
    var exported: [String: DBusObject] = [:]
    var queue: [SimEffect] = []
    var performing = false
    var waiters: [CallID: CheckedContinuation<SimResult, Never>] = [:]
    /// Bus calls whose reply the effect queue sends (in order with the signals), by model call id.
    var replyChannels: [CallID: DBusMethodCall] = [:]
    /// Our ends of AcquireNotify socket pairs, by characteristic path.
    var acquiredSockets: [String: Int32] = [:]
    /// Our ends of AcquireWrite socket pairs, by characteristic path, with their readers.
    var writeSockets: [String: AcquiredWriteSocket] = [:]
    /// Client ends waiting to be put into AcquireNotify replies.
    var pendingDescriptors: [CallID: FileDescriptorHandle] = [:]
    var early: [CallID: SimResult] = [:]
    var timerTask: Task<Void, Never>?
    var sleepingUntil: Duration?
    var watcher: Task<Void, Never>?
    var loadLog: FileHandle?
    let loadLogPath: String?
    /// Where stored devices persist (nil: memory only, lost when bluez-sim exits).
    let stateFile: String?
    var lastStored: [StoredDevice]?
    var stopped = false

    /// Starts the simulator on the bus at `busAddress` and returns once bluetoothd's objects are exported.
    /// With `stateFile`, stored devices (bonds, trust, aliases) are loaded from it if it exists and
    /// written back whenever they change, so they survive a restart of bluez-sim itself.
    public static func start(_ loaded: LoadedScenario, busAddress: String, loadLog: String? = nil,
                             stateFile: String? = nil) async throws -> BlueZSimServer {
        let server = BlueZSimServer(loaded, busAddress: busAddress, loadLog: loadLog ?? loaded.scenario.load?.logFile,
                                    stateFile: stateFile)
        try await server.begin()
        return server
    }

    /// Loads `scenarioFile` (fixture ids from `payloadDirectory`) and starts the simulator on `busAddress`.
    public static func start(scenarioFile: String, payloadDirectory: String, busAddress: String) async throws -> BlueZSimServer {
        let loaded = try ScenarioLoader.load(file: scenarioFile, payloads: try PayloadLibrary.load(directory: payloadDirectory))
        return try await start(loaded, busAddress: busAddress)
    }

    init(_ loaded: LoadedScenario, busAddress: String, loadLog: String?, stateFile: String? = nil) {
        self.stateFile = stateFile
        self.loaded = loaded
        sim = BlueZSimulation(loaded)
        self.busAddress = busAddress
        origin = clock.now
        loadLogPath = loadLog
    }

    private func begin() async throws {
        try loadState()
        let control = try await DBusConnection.connect(address: busAddress)
        self.control = control
        try control.export(controlObject())
        guard try await control.requestName(Self.controlName, flags: [.doNotQueue]) == .primaryOwner else {
            throw DBusError.connectionFailed("\(Self.controlName) is already owned on this bus")
        }
        // Clients leaving the bus lose their sessions, filters and agents (bluetoothd watches them too).
        let changes = control.signals(MatchRule(sender: "org.freedesktop.DBus", path: "/org/freedesktop/DBus",
                                                interface: "org.freedesktop.DBus", member: "NameOwnerChanged"))
        watcher = Task { [weak self] in
            for await signal in changes {
                guard signal.arguments.count == 3, let name = signal.arguments[0].string, name.hasPrefix(":"),
                      signal.arguments[2].string == "" else { continue }
                await self?.clientVanished(name)
            }
        }
        sim.start()
        await pump()
    }

    /// Stops like bluetoothd on SIGTERM (Agent1.Release, InterfacesRemoved, name released), then
    /// releases the control name and closes the connections.
    public func stop() async {
        guard !stopped else { return }
        sim.advance(to: elapsed)
        sim.shutDownDaemon()
        await flush()
        stopped = true
        timerTask?.cancel()
        watcher?.cancel()
        bluez?.close()
        control?.close()
        try? loadLog?.close()
        for (_, fd) in acquiredSockets { close(fd) }
        acquiredSockets = [:]
        for (_, socket) in writeSockets { socket.close() }
        writeSockets = [:]
        for (_, waiter) in waiters { waiter.resume(returning: .failure(.failed("bluez-sim stopped"))) }
        waiters = [:]
        replyChannels = [:]
    }

    /// The current unique name owning `org.bluez` (nil while the simulated daemon is down).
    public var bluezUniqueName: String? { sim.isDaemonRunning ? bluez?.uniqueName : nil }

    /// Runs `body` on the model (for inspection from in-process tests), after catching up with real time.
    public func withSimulation<T: Sendable>(_ body: (BlueZSimulation) -> T) async -> T {
        sim.advance(to: elapsed)
        let result = body(sim)
        await flush()
        return result
    }

    var elapsed: Duration { clock.now - origin }

    // MARK: calls

    /// Runs one bus call through the model. Its reply goes out from the effect queue at the model's
    /// `.reply` effect, so it is ordered exactly among the signals around it (bluetoothd's order).
    func callValues(_ request: SimRequest, call: DBusMethodCall) async throws(DBusError) -> [DBusValue] {
        let (id, result) = await callWithID(request, path: call.path.rawValue, sender: call.sender, replyTo: call)
        return try wireValues(id, result)
    }

    /// D-Bus reply values of a model result (an Acquire* reply gets its fd first).
    func wireValues(_ id: CallID, _ result: SimResult) throws(DBusError) -> [DBusValue] {
        var values = try result.dbusValues()
        if let descriptor = pendingDescriptors.removeValue(forKey: id) { values.insert(.unixFD(descriptor), at: 0) }
        return values
    }

    /// Runs one request through the model and waits for its reply (which may come much later).
    func call(_ request: SimRequest, path: String, sender: String) async -> SimResult {
        await callWithID(request, path: path, sender: sender).1
    }

    func callWithID(_ request: SimRequest, path: String, sender: String, replyTo: DBusMethodCall? = nil) async -> (CallID, SimResult) {
        sim.advance(to: elapsed)
        let id = sim.peekCallID
        if let replyTo { replyChannels[id] = replyTo }
        _ = sim.handle(request, path: path, sender: sender)
        enqueue(sim.drainEffects())
        await performQueue()
        if let result = early.removeValue(forKey: id) {
            reschedule()
            return (id, result)
        }
        reschedule()
        return (id, await withCheckedContinuation { waiters[id] = $0 })
    }

    func clientVanished(_ name: String) async {
        sim.advance(to: elapsed)
        sim.clientVanished(name)
        await flush()
    }

    /// Performs everything the model produced so far and re-arms the timer.
    func flush() async {
        enqueue(sim.drainEffects())
        await performQueue()
        saveState()
        reschedule()
    }

    private func loadState() throws {
        guard let stateFile, FileManager.default.fileExists(atPath: stateFile) else { return }
        do {
            let stored = try JSONDecoder().decode([StoredDevice].self, from: Data(contentsOf: URL(fileURLWithPath: stateFile)))
            sim.restore(stored)
            lastStored = stored
        } catch {
            throw ScenarioError(file: stateFile, path: "(root)", message: "not a bluez-sim state file: \(error)")
        }
    }

    /// Writes the stored devices when they changed (atomically: a crash never leaves half a file).
    private func saveState() {
        guard let stateFile else { return }
        let stored = sim.storedDevices
        guard stored != lastStored else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(stored).write(to: URL(fileURLWithPath: stateFile), options: .atomic)
            lastStored = stored
        } catch {
            FileHandle.standardError.write(Data("bluez-sim: cannot write \(stateFile): \(error)\n".utf8))
        }
    }

    func pump() async {
        sim.advance(to: elapsed)
        await flush()
    }

    // MARK: timer

    func reschedule() {
        guard !stopped, let next = sim.nextDeadline else { return }
        if let sleeping = sleepingUntil, sleeping <= next, timerTask != nil { return }
        timerTask?.cancel()
        sleepingUntil = next
        let deadline = origin + next
        timerTask = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return }
            await self?.timerFired()
        }
    }

    private func timerFired() async {
        timerTask = nil
        sleepingUntil = nil
        await pump()
    }

    /// CLOCK_MONOTONIC in nanoseconds (the clock a benchmark peer compares against).
    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
