// Device1.Connect/Disconnect, link up/down ordering, service resolution and the GATT cache.

/// Why a link went down (Device1.Disconnected reason).
public enum DisconnectReason: String, Sendable {
    case local, remote, timeout, authentication

    var signalArguments: [SimValue] {
        switch self {
        case .local: [.string("org.bluez.Reason.Local"), .string("Connection terminated by local host")]
        case .remote: [.string("org.bluez.Reason.Remote"), .string("Connection terminated by remote user")]
        case .timeout: [.string("org.bluez.Reason.Timeout"), .string("Connection timed out")]
        case .authentication: [.string("org.bluez.Reason.Authentication"), .string("Connection terminated due to authentication failure")]
        }
    }
}

extension BlueZSimulation {
    func connect(_ call: CallID, _ address: BluetoothAddress) {
        if devices[address] != nil { connectCalls[address, default: 0] += 1 }
        guard let device = devices[address], let index = adapterIndex(device.adapterID) else { return fail(call, .doesNotExist) }
        guard adapters[index].powered else { return fail(call, .notReady) }
        if device.pendingPair != nil || device.pendingConnect != nil { return fail(call, .inProgress) }
        if takeFault(.connectInProgress, address) != nil { return fail(call, .inProgress) }
        makePersistent(address)
        // LE: success at once (not AlreadyConnected) when the link is up (device.c dev_connect).
        if device.connected { return reply(call) }
        devices[address]?.pendingConnect = call
        beginLink(address)
    }

    /// Starts an LE connection attempt: completes when the peripheral is on air, else times out.
    func beginLink(_ address: BluetoothAddress) {
        devices[address]?.link += 1
        guard let device = devices[address] else { return }
        let forcedTimeout = takeFault(.connectTimeout, address) != nil
        devices[address]?.connectMustTimeout = forcedTimeout
        if isAdvertising(address) && !forcedTimeout {
            schedule(afterMs: settings.connectDelayMs, .connectComplete(address, link: device.link))
        }
        schedule(afterMs: settings.connectTimeoutMs, .connectTimeout(address, link: device.link))
    }

    func connectComplete(_ address: BluetoothAddress, link: UInt64) {
        guard let device = devices[address], device.link == link, !device.connected,
              device.pendingConnect != nil || device.pendingPair?.stage == .connecting,
              let path = devicePath(address) else { return }
        if takeFault(.connectAbortByLocal, address) != nil {
            // The link really came up for a moment (bleak PR #1255 waits for this flap).
            set(path, BlueZInterface.device, "Connected", .bool(true))
            set(path, BlueZInterface.device, "Connected", .bool(false))
            return failConnect(address, LEConnectionError.abortByLocal.error)
        }
        if let fault = takeFault(.connectFailed, address) {
            return failConnect(address, .failed(fault.message ?? LEConnectionError.unknown.rawValue))
        }
        if let index = adapterIndex(device.adapterID), let limit = adapters[index].spec.maxConnections,
           devices.values.count(where: { $0.adapterID == device.adapterID && $0.connected }) >= limit {
            // The controller refuses one more link (HCI 0x09 Connection Limit Exceeded).
            return failConnect(address, LEConnectionError.concurrentLimit.error)
        }
        if device.paired, peripherals[address]?.hasBond == false {
            // One-sided bond loss: encryption with the stored LTK fails (HCI 0x06 → EBADE).
            set(path, BlueZInterface.device, "Connected", .bool(true))
            set(path, BlueZInterface.device, "Connected", .bool(false))
            return failConnect(address, LEConnectionError.keyMissing.error)
        }
        devices[address]?.link += 1
        devices[address]?.connected = true
        devices[address]?.lastSeen = now
        let newLink = devices[address]?.link ?? 0
        set(path, BlueZInterface.device, "Connected", .bool(true))
        if let call = devices[address]?.pendingConnect {
            devices[address]?.pendingConnect = nil
            reply(call, devices[address]?.connectRepliesPath == true ? [.objectPath(path)] : [])
            devices[address]?.connectRepliesPath = false
        }
        updateMTU(address, connected: true)
        let extra = devices[address]?.servicesExtraDelayMs ?? 0
        if let fault = takeFault(.servicesDelay, address) { devices[address]?.servicesExtraDelayMs = fault.delayMs ?? 0 }
        let base = device.gattExported ? settings.cachedServiceDiscoveryDelayMs : settings.serviceDiscoveryDelayMs
        schedule(afterMs: base + max(extra, devices[address]?.servicesExtraDelayMs ?? 0), .servicesResolved(address, link: newLink))
        devices[address]?.servicesExtraDelayMs = 0
        if devices[address]?.pendingPair?.stage == .connecting { startSMP(address) }
    }

    /// Adapter1.ConnectDevice (adapter.c connect_device): creates the device for `Address` /
    /// `AddressType` without discovery and connects; replies with the device path once connected.
    func connectDevice(_ call: CallID, _ id: String, _ properties: [String: SimValue]) {
        guard let index = adapterIndex(id) else { return fail(call, .doesNotExist) }
        guard adapters[index].powered else { return fail(call, .notReady) }
        guard case .string(let text)? = properties["Address"], let address = BluetoothAddress(text),
              properties.keys.allSatisfy({ $0 == "Address" || $0 == "AddressType" }) else { return fail(call, .invalidArguments) }
        // Without AddressType bluetoothd means BR/EDR, which nothing here speaks.
        guard case .string(let type)? = properties["AddressType"], type == "public" || type == "random" else {
            return fail(call, .invalidArguments)
        }
        guard devices[address] == nil else { return fail(call, .alreadyExists) }
        guard let peripheral = peripherals[address], peripheral.spec.adapter == id,
              type == peripheral.spec.addressType.rawValue else {
            // Nobody answers at that address: bluetoothd gives up after the page timeout.
            return fail(call, LEConnectionError.timeout.error)
        }
        var device = DeviceState(address: address, adapterID: id)
        device.temporary = false
        device.pendingConnect = call
        device.connectRepliesPath = true
        devices[address] = device
        if let path = devicePath(address) { export(path, [BlueZInterface.device: deviceProperties(device, advertising: false)]) }
        beginLink(address)
    }

    func failConnect(_ address: BluetoothAddress, _ error: SimError) {
        devices[address]?.link += 1
        devices[address]?.connectRepliesPath = false
        if let call = devices[address]?.pendingConnect {
            devices[address]?.pendingConnect = nil
            fail(call, error)
        }
        if let pair = devices[address]?.pendingPair {
            devices[address]?.pendingPair = nil
            fail(pair.call, error == LEConnectionError.keyMissing.error ? .authenticationFailed : .connectionAttemptFailed)
        }
    }

    func connectTimedOut(_ address: BluetoothAddress, link: UInt64) {
        guard let device = devices[address], device.link == link, !device.connected else { return }
        devices[address]?.connectMustTimeout = false
        failConnect(address, LEConnectionError.timeout.error)
    }

    func servicesResolved(_ address: BluetoothAddress, link: UInt64) {
        guard var device = devices[address], device.link == link, device.connected, let path = devicePath(address) else { return }
        if device.gattRefreshPending {
            // Service Changed: gatt-client drops the cached services and exports the new database.
            for object in objects.keys.sorted() where object.hasPrefix(path + "/service") && object.split(separator: "/").count == 5 {
                unexport(object)
            }
            devices[address]?.gattRefreshPending = false
            devices[address]?.notifySessions = [:]
            device.notifySessions = [:]
            devices[address]?.gattExported = false
            device.gattExported = false
        }
        var lateService: UInt16?
        if !device.gattExported {
            devices[address]?.gattExported = true
            let handles = peripherals[address]?.layout.services.map(\.handle) ?? []
            if settings.servicesResolvedEarly, let last = handles.last {
                lateService = last
                exportGatt(address, services: Set(handles.dropLast()))
            } else {
                exportGatt(address)
            }
        }
        // Notify sessions survive link loss and are re-armed before ServicesResolved (gatt-client.c).
        for (handle, senders) in device.notifySessions where !senders.isEmpty { enableCCCD(address, handle) }
        devices[address]?.servicesResolved = true
        var changed: [String: SimValue] = ["ServicesResolved": .bool(true), "UUIDs": .strings(deviceUUIDs(devices[address] ?? device))]
        if let pair = device.pendingPair, pair.stage == .awaitingServices {
            // device_bonding_complete with pending_paired: Paired goes out with ServicesResolved, then the reply.
            changed["Paired"] = .bool(true)
            changed["Bonded"] = .bool(true)
            set(path, BlueZInterface.device, changed)
            devices[address]?.pendingPair = nil
            reply(pair.call)
        } else {
            set(path, BlueZInterface.device, changed)
        }
        if let lateService { exportGatt(address, services: [lateService]) }
        maybeStartBurst(address)
    }

    func disconnect(_ call: CallID, _ address: BluetoothAddress) {
        guard let device = devices[address] else { return fail(call, .doesNotExist) }
        if !device.connected {
            guard device.pendingConnect != nil || device.pendingPair != nil else { return fail(call, .notConnected) }
            failConnect(address, .failed("br-connection-canceled"))
            return reply(call)
        }
        linkDown(address, reason: .local)
        reply(call)
    }

    /// Link loss: ServicesResolved=false → Disconnected(reason) → Connected=false; sessions stay registered.
    func linkDown(_ address: BluetoothAddress, reason: DisconnectReason) {
        guard let device = devices[address], device.connected, let path = devicePath(address) else { return }
        devices[address]?.connected = false
        devices[address]?.servicesResolved = false
        devices[address]?.link += 1
        if device.servicesResolved { set(path, BlueZInterface.device, "ServicesResolved", .bool(false)) }
        if settings.disconnectedSignal {
            emit(.signal(path: path, interface: BlueZInterface.device, member: "Disconnected", arguments: reason.signalArguments))
        }
        set(path, BlueZInterface.device, "Connected", .bool(false))
        updateMTU(address, connected: false)
        for handle in (devices[address]?.acquired.keys).map(Array.init) ?? [] { releaseAcquired(address, handle) }
        for handle in (devices[address]?.writeAcquired.keys).map(Array.init) ?? [] { releaseWriteAcquired(address, handle) }
        if settings.cache == .no, device.gattExported {
            for service in peripherals[address]?.layout.services ?? [] { unexport(GattLayout.servicePath(device: path, service.handle)) }
            devices[address]?.gattExported = false
        }
        if devices[address]?.pendingPair != nil {
            cancelAgentRequests(for: address)
            finishPair(address, .authenticationCanceled)
        }
        peripheralLinkLost(address)
        resumeAdvertising(address)
    }

    /// A peripheral goes back on air when its link drops. Its advert tick may have lapsed while it
    /// was connected (a tick that finds it off air is not re-armed), so re-arm it here: otherwise a
    /// device whose tick happened to fall inside a connection (a slow Pair on a loaded machine) is
    /// never reported again and a session waiting for its next advertisement waits forever. The
    /// tick checks visibility when it fires, so a peripheral silenced after this link (burst end) stays quiet.
    func resumeAdvertising(_ address: BluetoothAddress) {
        guard peripherals[address]?.advertTickPending == false else { return }
        peripherals[address]?.advertTickPending = true
        schedule(afterMs: settings.advertReportIntervalMs, .advertTick(address))
    }

    /// The peripheral side of a dropped link: CCCDs, burst and load state reset.
    func peripheralLinkLost(_ address: BluetoothAddress) {
        peripherals[address]?.cccd = [:]
        peripherals[address]?.burstActive = false
        peripherals[address]?.burstCursor = 0
        peripherals[address]?.burstDone = false
        peripherals[address]?.timeWritten = false
        peripherals[address]?.load = nil
    }

    func burstDisconnect(_ address: BluetoothAddress, link: UInt64) {
        guard devices[address]?.link == link else { return }
        linkDown(address, reason: .remote)
        peripherals[address]?.silenced = true
    }
}

extension BlueZSimulation {
    /// The peripheral reboots into new firmware (a link drops first); its GATT database changes.
    func updateFirmware(_ address: BluetoothAddress, serviceChanged: Bool) {
        guard let peripheral = peripherals[address] else { return }
        if devices[address]?.connected == true { linkDown(address, reason: .remote) }
        let layout = GattLayout.updatedFirmware(peripheral.spec.model)
        peripherals[address]?.layout = layout
        peripherals[address]?.values = PeripheralState.initialValues(peripheral.spec, layout)
        if serviceChanged, devices[address]?.gattExported == true { devices[address]?.gattRefreshPending = true }
    }
}
