/// A model of bluetoothd plus the peripherals around it, driven by an injected clock.
///
/// Pure: no bus, no sleeping. Calls go in through `handle(_:path:sender:)` and the control methods;
/// time goes in through `advance(to:)`; everything the daemon does comes out of `drainEffects()` in
/// order (signals, replies, agent calls). The D-Bus façade performs the effects; tests read them.
/// Not thread-safe: own it from one actor.
public final class BlueZSimulation {
    public let scenario: Scenario
    var settings: SimSettings { scenario.settings }
    let payloads: PayloadLibrary
    let loadPayload: ResolvedReading?
    /// Each peripheral's readings as loaded (the state's copy is used up by transfers).
    let scenarioReadings: [BluetoothAddress: [ResolvedReading]]

    /// Scenario time (since start).
    public private(set) var now: Duration = .zero
    var effects: [SimEffect] = []
    /// Property changes from `coalesceFrom` on, made at `coalesceTime`, may merge (settings.coalesceProperties).
    var coalesceFrom = 0
    var coalesceTime: Duration = .zero
    var nextCallID: CallID = 1
    var nextAgentRequestID: UInt64 = 1
    var timerSequence: UInt64 = 0
    var timers: [Timer] = []

    /// Exported objects: path → interface → property → value (Introspectable/Properties are the façade's).
    public internal(set) var objects: [String: [String: [String: SimValue]]] = [:]

    var daemonRunning = false
    var adapters: [AdapterState] = []
    var peripherals: [BluetoothAddress: PeripheralState] = [:]
    var peripheralOrder: [BluetoothAddress] = []
    var devices: [BluetoothAddress: DeviceState] = [:]
    var agents: [String: (path: String, capability: String)] = [:]
    var defaultAgent: String?
    var agentRequests: [UInt64: AgentRequestState] = [:]
    var profiles: [String: Set<String>] = [:]
    /// GATT applications registered per client (GattManager1), and those being read.
    var applications: [String: Set<String>] = [:]
    var pendingApplications: [CallID: (owner: String, path: String)] = [:]
    var armedFaults: [FaultSpec] = []

    /// Every write the peripherals received: (device, characteristic UUID, bytes), for test inspection.
    public internal(set) var writesReceived: [(address: BluetoothAddress, characteristic: BluetoothUUID, bytes: [UInt8])] = []
    /// Every agent call made, for test inspection.
    public internal(set) var agentCallsMade: [AgentCall] = []
    /// Device1.Connect calls received per device, whatever their outcome (a hub must not page a
    /// device that is not advertising: tests check it sent none).
    public internal(set) var connectCalls: [BluetoothAddress: Int] = [:]

    /// Creates the simulation; call `start()` to bring bluetoothd up.
    public init(_ loaded: LoadedScenario) {
        scenario = loaded.scenario
        payloads = loaded.payloads
        loadPayload = loaded.loadPayload
        scenarioReadings = loaded.readings
        adapters = scenario.adapters.map { AdapterState(spec: $0) }
        for spec in scenario.peripherals {
            peripherals[spec.address] = PeripheralState(spec: spec, readings: loaded.readings[spec.address] ?? [])
            peripheralOrder.append(spec.address)
            if spec.paired || spec.connectedAtStart {
                var device = DeviceState(address: spec.address, adapterID: spec.adapter)
                device.temporary = false
                device.paired = spec.paired
                device.bonded = spec.paired
                device.trusted = spec.paired
                device.identityResolved = spec.paired
                device.connected = spec.connectedAtStart
                device.servicesResolved = spec.connectedAtStart
                device.gattExported = spec.connectedAtStart
                devices[spec.address] = device
                peripherals[spec.address]?.hasBond = spec.paired
            }
        }
    }

    /// Brings the daemon up: name, `/org/bluez`, adapters, stored devices; arms scenario faults and windows.
    public func start() {
        for fault in scenario.faults { inject(fault) }
        for address in peripheralOrder { scheduleWindows(address) }
        bringDaemonUp()
    }

    // MARK: effects and time

    /// Returns and clears the effects produced so far.
    public func drainEffects() -> [SimEffect] {
        defer { effects.removeAll(); coalesceFrom = 0 }
        return effects
    }

    /// The next time at which something is scheduled, if anything is.
    public var nextDeadline: Duration? { timers.map(\.deadline).min() }

    /// Moves scenario time forward to `time`, firing every timer due on the way (in deadline order).
    public func advance(to time: Duration) {
        while let index = dueTimerIndex(before: time) {
            let timer = timers.remove(at: index)
            now = max(now, timer.deadline)
            fire(timer.event)
        }
        now = max(now, time)
    }

    /// Convenience for tests: advance by `duration`.
    public func advance(by duration: Duration) { advance(to: now + duration) }

    private func dueTimerIndex(before time: Duration) -> Int? {
        var best: Int?
        for (index, timer) in timers.enumerated() where timer.deadline <= time {
            if let current = best {
                let other = timers[current]
                if timer.deadline < other.deadline || (timer.deadline == other.deadline && timer.sequence < other.sequence) {
                    best = index
                }
            } else {
                best = index
            }
        }
        return best
    }

    func schedule(after delay: Duration, _ event: TimerEvent) {
        timerSequence += 1
        timers.append(Timer(deadline: now + delay, sequence: timerSequence, event: event))
    }

    func schedule(afterMs ms: Int, _ event: TimerEvent) { schedule(after: .milliseconds(ms), event) }

    func emit(_ effect: SimEffect) {
        if coalesceTime != now {
            coalesceTime = now
            coalesceFrom = effects.count
        }
        guard settings.coalesceProperties, case .propertiesChanged(let path, let interface, let changed, let invalidated) = effect,
              !Self.isValueNotification(interface, changed) else {
            effects.append(effect)
            // Anything else observable (a reply, InterfacesAdded, a signal) ends the tick.
            if case .propertiesChanged = effect {} else { coalesceFrom = effects.count }
            return
        }
        // gdbus queues property changes and flushes them from an idle callback: several changes of one
        // object in one tick arrive as one PropertiesChanged with the latest values.
        for index in coalesceFrom..<effects.count {
            guard case .propertiesChanged(path, interface, var merged, var gone) = effects[index],
                  !Self.isValueNotification(interface, merged) else { continue }
            for (name, value) in changed { merged[name] = value; gone.removeAll { $0 == name } }
            for name in invalidated where !gone.contains(name) { merged[name] = nil; gone.append(name) }
            effects[index] = .propertiesChanged(path: path, interface: interface, changed: merged, invalidated: gone)
            return
        }
        effects.append(effect)
    }

    /// Characteristic `Value` changes are flushed one signal per notification, never merged.
    static func isValueNotification(_ interface: String, _ changed: [String: SimValue]) -> Bool {
        interface == BlueZInterface.characteristic && changed["Value"] != nil
    }

    func reply(_ call: CallID, _ values: [SimValue] = []) { emit(.reply(call, .success(values))) }
    func fail(_ call: CallID, _ error: SimError) { emit(.reply(call, .failure(error))) }

    /// The id the next `handle(_:path:sender:)` will return.
    var peekCallID: CallID { nextCallID }

    func newCallID() -> CallID {
        defer { nextCallID += 1 }
        return nextCallID
    }

    private func fire(_ event: TimerEvent) {
        switch event {
        case .windowOpen(let address): windowOpened(address)
        case .windowClose(let address): windowClosed(address)
        case .temporaryCheck(let address): temporaryCheck(address)
        case .advertTick(let address): advertTick(address)
        case .scanStarted(let adapterID): scanStarted(adapterID)
        case .connectComplete(let address, let link): connectComplete(address, link: link)
        case .connectTimeout(let address, let link): connectTimedOut(address, link: link)
        case .servicesResolved(let address, let link): servicesResolved(address, link: link)
        case .pairComplete(let address, let link): pairComplete(address, link: link)
        case .agentTimeout(let id): agentTimedOut(id)
        case .indicate(let address, let link): indicateNext(address, link: link)
        case .burstDisconnect(let address, let link): burstDisconnect(address, link: link)
        case .loadTick(let address, let link): loadTick(address, link: link)
        case .fault(let fault): apply(fault)
        case .daemonUp: bringDaemonUp()
        case .adapterPowerOn(let adapterID): adapterPowerOn(adapterID)
        case .adapterReturn(let adapterID, let name): restoreAdapter(adapterID, as: name)
        }
    }

    // MARK: object tree (every signal goes through here, so no PropertiesChanged precedes InterfacesAdded)

    func export(_ path: String, _ interfaces: [String: [String: SimValue]]) {
        guard objects[path] == nil else { return }
        objects[path] = interfaces
        emit(.interfacesAdded(path: path, interfaces: interfaces))
    }

    /// Removes `path` and every object below it, deepest first, each with its own InterfacesRemoved.
    func unexport(_ path: String, silently: Bool = false) {
        let doomed = objects.keys.filter { $0 == path || $0.hasPrefix(path + "/") }
            .sorted { ($0.split(separator: "/").count, $1) > ($1.split(separator: "/").count, $0) }
        for victim in doomed {
            guard let interfaces = objects.removeValue(forKey: victim) else { continue }
            if !silently { emit(.interfacesRemoved(path: victim, interfaces: interfaces.keys.sorted())) }
        }
    }

    /// Sets properties; emits one PropertiesChanged with the ones that changed (all of them when `force`).
    func set(_ path: String, _ interface: String, _ values: [String: SimValue], force: Bool = false) {
        guard var props = objects[path]?[interface] else { return }
        var changed: [String: SimValue] = [:]
        for (name, value) in values where force || props[name] != value {
            props[name] = value
            changed[name] = value
        }
        guard !changed.isEmpty else { return }
        objects[path]?[interface] = props
        emit(.propertiesChanged(path: path, interface: interface, changed: changed, invalidated: []))
    }

    func set(_ path: String, _ interface: String, _ name: String, _ value: SimValue, force: Bool = false) {
        set(path, interface, [name: value], force: force)
    }

    /// Removes optional properties (they go into `invalidated`).
    func invalidate(_ path: String, _ interface: String, _ names: [String]) {
        guard var props = objects[path]?[interface] else { return }
        let present = names.filter { props[$0] != nil }
        guard !present.isEmpty else { return }
        for name in present { props[name] = nil }
        objects[path]?[interface] = props
        emit(.propertiesChanged(path: path, interface: interface, changed: [:], invalidated: present))
    }

    /// The value of an exported property (nil if absent).
    public func property(_ path: String, _ interface: String, _ name: String) -> SimValue? {
        objects[path]?[interface]?[name]
    }
}
