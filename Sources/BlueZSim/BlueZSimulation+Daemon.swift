// Faults, bluetoothd restarts and crashes, adapter removal, clients leaving the bus.

extension BlueZSimulation {
    /// Arms a fault (next-operation kinds) or schedules/applies it (timed kinds, at `atMs` or now).
    public func inject(_ fault: FaultSpec) {
        if fault.isTimed {
            let delay = fault.atMs.map { max(0, $0 - Int(now / .milliseconds(1))) } ?? 0
            if delay == 0 { apply(fault) } else { schedule(afterMs: delay, .fault(fault)) }
        } else if fault.kind == .bondLost {
            if let device = fault.device { peripherals[device]?.hasBond = false }
        } else {
            armedFaults.append(fault)
        }
    }

    /// Consumes one use of an armed fault of `kind` for `address`.
    func takeFault(_ kind: FaultSpec.Kind, _ address: BluetoothAddress, characteristic: BluetoothUUID? = nil) -> FaultSpec? {
        guard let index = armedFaults.firstIndex(where: {
            $0.kind == kind && $0.device == address && (characteristic == nil || $0.characteristic == characteristic)
        }) else { return nil }
        let fault = armedFaults[index]
        if fault.count <= 1 { armedFaults.remove(at: index) } else { armedFaults[index].count -= 1 }
        return fault
    }

    func attFault(_ address: BluetoothAddress, _ uuid: BluetoothUUID) -> SimError? {
        takeFault(.attError, address, characteristic: uuid).map { SimError.att($0.code ?? 0) }
    }

    func apply(_ fault: FaultSpec) {
        switch fault.kind {
        case .disconnect:
            guard let address = fault.device else { return }
            linkDown(address, reason: DisconnectReason(rawValue: fault.reason ?? "remote") ?? .remote)
        case .restart: restartDaemon(crash: false)
        case .crash: restartDaemon(crash: true)
        case .adapterRemove:
            removeAdapter(fault.adapter ?? adapters.first?.id ?? "hci0", returnAfterMs: fault.returnAfterMs, returnAs: fault.returnAs)
        case .adapterRestore: restoreAdapter(fault.adapter ?? adapters.first?.id ?? "hci0", as: fault.returnAs)
        case .firmwareUpdate:
            if let address = fault.device { updateFirmware(address, serviceChanged: fault.serviceChanged) }
        case .controllerStuck:
            if let index = adapterIndex(fault.adapter ?? adapters.first?.id ?? "hci0") { adapters[index].stuck = true }
        default: armedFaults.append(fault)
        }
    }

    // MARK: daemon lifecycle

    func bringDaemonUp() {
        guard !daemonRunning else { return }
        daemonRunning = true
        emit(.daemonStarted)
        export("/org/bluez", managerInterfaces())
        for adapter in adapters where adapter.present { exportAdapter(adapter.id) }
    }

    /// Adapter appears unpowered, then powers on (AutoEnable); stored devices come back disconnected.
    func exportAdapter(_ id: String) {
        guard let index = adapterIndex(id) else { return }
        let wantPowered = adapters[index].spec.powered
        adapters[index].powered = false
        adapters[index].discovering = false
        export(adapters[index].path, [BlueZInterface.adapter: adapterProperties(adapters[index]), BlueZInterface.gattManager: [:]])
        for address in peripheralOrder {
            guard let device = devices[address], device.adapterID == id, let path = devicePath(address) else { continue }
            export(path, [BlueZInterface.device: deviceProperties(device, advertising: false)])
            if device.gattExported { exportGatt(address) }
        }
        if wantPowered { schedule(afterMs: 1, .adapterPowerOn(id)) }
    }

    func adapterPowerOn(_ id: String) {
        guard daemonRunning, let index = adapterIndex(id), adapters[index].present else { return }
        setPowered(id, true)
    }

    /// Simulates a bluetoothd stop (clean: InterfacesRemoved + Agent1.Release) or crash, and its return.
    public func restartDaemon(crash: Bool) {
        guard daemonRunning else { return }
        stopDaemon(crash: crash)
        schedule(afterMs: settings.restartDowntimeMs, .daemonUp)
    }

    /// bluetoothd exits for good (`systemctl stop`): Agent1.Release to every agent, InterfacesRemoved,
    /// name released. Used when bluez-sim itself shuts down cleanly.
    public func shutDownDaemon() {
        guard daemonRunning else { return }
        stopDaemon(crash: false)
    }

    private func stopDaemon(crash: Bool) {
        if !crash {
            for (owner, agent) in agents.sorted(by: { $0.key < $1.key }) {
                callAgent(owner, agent.path, "Release", [], expectsReply: false)
            }
            for adapter in adapters where adapter.present { unexport(adapter.path) }
            unexport("/org/bluez")
        }
        objects.removeAll()
        daemonRunning = false
        emit(.daemonStopped(crash: crash))
        // Everything clients registered is gone; links drop with the ATT sockets.
        for (address, device) in devices {
            if let call = device.pendingConnect { fail(call, .failed("br-connection-canceled")) }
            if let pair = device.pendingPair { fail(pair.call, .authenticationCanceled) }
            if device.connected { peripheralLinkLost(address) }
        }
        devices = devices.filter { !$0.value.temporary }.mapValues { old in
            var device = DeviceState(address: old.address, adapterID: old.adapterID)
            device.temporary = false
            device.paired = old.paired
            device.bonded = old.bonded
            device.trusted = old.trusted
            device.blocked = old.blocked
            device.alias = old.alias
            device.identityResolved = old.identityResolved
            device.link = old.link + 1
            return device
        }
        agents = [:]
        defaultAgent = nil
        agentRequests = [:]
        profiles = [:]
        applications = [:]
        pendingApplications = [:]
        for index in adapters.indices {
            for start in adapters[index].pendingStarts { fail(start.call, .failed("bluetoothd stopped")) }
            adapters[index].sessions = []
            adapters[index].filters = [:]
            adapters[index].pendingStarts = []
            adapters[index].discovering = false
        }
    }

    /// The controller disappears (USB reset): InterfacesRemoved for the adapter and all children.
    public func removeAdapter(_ id: String, returnAfterMs: Int? = nil, returnAs: String? = nil) {
        guard let index = adapterIndex(id), adapters[index].present else { return }
        for (address, device) in devices where device.adapterID == id {
            for handle in device.acquired.keys { releaseAcquired(address, handle) }
            for handle in device.writeAcquired.keys { releaseWriteAcquired(address, handle) }
            if let call = device.pendingConnect { fail(call, LEConnectionError.abortByLocal.error) }
            if let pair = device.pendingPair { fail(pair.call, .authenticationCanceled) }
            if device.connected { peripheralLinkLost(address) }
            devices[address]?.pendingConnect = nil
            devices[address]?.pendingPair = nil
            devices[address]?.connected = false
            devices[address]?.servicesResolved = false
            devices[address]?.gattExported = false
            devices[address]?.link += 1
        }
        for start in adapters[index].pendingStarts { fail(start.call, .notReady) }
        unexport(adapters[index].path)
        devices = devices.filter { $0.value.adapterID != id || !$0.value.temporary }
        adapters[index].present = false
        adapters[index].sessions = []
        adapters[index].filters = [:]
        adapters[index].pendingStarts = []
        adapters[index].discovering = false
        if let returnAfterMs { schedule(afterMs: returnAfterMs, .adapterReturn(id, name: returnAs)) }
    }

    /// A removed controller returns (optionally as another `hciN`).
    public func restoreAdapter(_ id: String, as name: String? = nil) {
        guard let index = adapterIndex(id), !adapters[index].present else { return }
        adapters[index].present = true
        if let name { adapters[index].name = name }
        if daemonRunning { exportAdapter(id) }
    }

    /// A client left the bus: its discovery sessions, filters, agent and notify sessions go.
    public func clientVanished(_ uniqueName: String) {
        for index in adapters.indices {
            adapters[index].filters[uniqueName] = nil
            if adapters[index].sessions.contains(uniqueName) || adapters[index].pendingStarts.contains(where: { $0.sender == uniqueName }) {
                dropDiscoverySession(index, uniqueName)
            }
        }
        if agents.removeValue(forKey: uniqueName) != nil, defaultAgent == uniqueName { defaultAgent = nil }
        for (id, request) in agentRequests where request.owner == uniqueName {
            agentRequests[id] = nil
            finishPair(request.address, .authenticationFailed)
        }
        profiles[uniqueName] = nil
        // gatt-database.c watches the app's owner: it is unregistered when it leaves the bus.
        applications[uniqueName] = nil
        for (id, pending) in pendingApplications where pending.owner == uniqueName {
            pendingApplications[id] = nil
            fail(id, .failed("Failed to read application"))
        }
        for (address, device) in devices {
            for (handle, senders) in device.notifySessions where senders.contains(uniqueName) {
                dropNotifySession(address, handle, uniqueName)
            }
            for (handle, owner) in device.acquired where owner == uniqueName { releaseAcquired(address, handle) }
            for (handle, owner) in device.writeAcquired where owner == uniqueName { releaseWriteAcquired(address, handle) }
        }
    }

    /// Starts a load run on a connected, subscribed device with the scenario's load payload (or its first reading).
    public func loadRun(_ address: BluetoothAddress, count: Int, rateHz: Double) -> SimError? {
        guard let peripheral = peripherals[address] else { return .doesNotExist }
        guard devices[address]?.connected == true else { return .notConnected }
        guard count > 0, rateHz > 0 else { return .invalidArguments }
        let measurement = BluetoothUUID(short: peripheral.spec.model.measurementCharacteristic)
        // Stored readings may be used up: fall back to the scenario's own, then to a model default.
        let own = { (readings: [ResolvedReading]?) in readings?.first { $0.characteristic == measurement } }
        let payload = (scenario.load?.device == address ? loadPayload : nil) ?? own(peripheral.readings)
            ?? own(scenarioReadings[address])
            ?? ResolvedReading(characteristic: measurement, bytes: peripheral.spec.model.defaultLoadPayload, fixture: nil)
        guard cccdEnabled(address, payload.characteristic) else { return .failed("Notifications not enabled") }
        startLoad(address, count: count, rateHz: rateHz, payload: payload)
        return nil
    }

    /// Every peripheral address in scenario order.
    public var peripheralAddresses: [BluetoothAddress] { peripheralOrder }

    /// Whether bluetoothd is up (owns its name).
    public var isDaemonRunning: Bool { daemonRunning }
}

extension PeripheralSpec.Model {
    /// A plausible measurement for load runs of a device without readings: 120/80/90 mmHg (0x2A35),
    /// or 70.00 kg in SI units at 0.005 kg resolution (0x2A9D, 14000 = 0x36B0).
    var defaultLoadPayload: [UInt8] {
        switch self {
        case .cuff: [0x00, 0x78, 0x00, 0x50, 0x00, 0x5A, 0x00]
        case .scale: [0x00, 0xB0, 0x36]
        }
    }
}
