// Advertising windows, discovery sessions and filters, temporary devices.

extension BlueZSimulation {
    func scheduleWindows(_ address: BluetoothAddress) {
        guard let spec = peripherals[address]?.spec else { return }
        for window in spec.advertising ?? [AdvertisingWindow(startMs: 0, durationMs: nil)] {
            schedule(afterMs: window.startMs, .windowOpen(address))
            if let duration = window.durationMs { schedule(afterMs: window.startMs + duration, .windowClose(address)) }
        }
    }

    /// Opens an advertising window now for `durationMs` (nil: until the end).
    public func advertise(_ address: BluetoothAddress, durationMs: Int?) {
        guard peripherals[address] != nil else { return }
        peripherals[address]?.extraWindows.append((now, durationMs.map { now + .milliseconds($0) }))
        windowOpened(address)
        if let durationMs { schedule(afterMs: durationMs, .windowClose(address)) }
    }

    /// Whether the peripheral is on air now (inside a window, not connected, not powered off).
    public func isAdvertising(_ address: BluetoothAddress) -> Bool {
        guard let peripheral = peripherals[address] else { return false }
        if peripheral.silenced || devices[address]?.connected == true { return false }
        let windows = (peripheral.spec.advertising ?? [AdvertisingWindow(startMs: 0, durationMs: nil)]).map {
window in
            (start: Duration.milliseconds(window.startMs), end: window.durationMs.map { Duration.milliseconds(window.startMs + $0) })
        } + peripheral.extraWindows
        return windows.contains { now >= $0.start && ($0.end.map { now < $0 } ?? true) }
    }

    func windowOpened(_ address: BluetoothAddress) {
        peripherals[address]?.silenced = false
        guard isAdvertising(address) else { return }
        reportAdvert(address)
        if let device = devices[address], device.pendingConnect != nil || device.pendingPair?.stage == .connecting,
           !device.connected, !device.connectMustTimeout {
            schedule(afterMs: settings.connectDelayMs, .connectComplete(address, link: device.link))
        }
    }

    func windowClosed(_ address: BluetoothAddress) {
        // The last advert went out just now (the window is already closed, so ask about "on air" loosely).
        guard devices[address] != nil, let peripheral = peripherals[address], let index = adapterIndex(peripheral.spec.adapter),
              adapters[index].discovering, !peripheral.silenced, devices[address]?.connected == false,
              matchesMergedFilter(peripheral.spec, adapters[index]) else { return }
        devices[address]?.lastSeen = now
    }

    /// The adapter of this peripheral is scanning and the peripheral matches some client's filter.
    func visibleToDiscovery(_ address: BluetoothAddress) -> Bool {
        guard daemonRunning, isAdvertising(address), let peripheral = peripherals[address],
              let index = adapterIndex(peripheral.spec.adapter) else { return false }
        let adapter = adapters[index]
        guard adapter.present, adapter.powered, adapter.discovering, !adapter.stuck else { return false }
        return matchesMergedFilter(peripheral.spec, adapter)
    }

    func matchesMergedFilter(_ spec: PeripheralSpec, _ adapter: AdapterState) -> Bool {
        let active = adapter.sessions.map { adapter.filters[$0] }
        if active.contains(where: { $0 == nil }) { return true }
        return active.compactMap { $0 }.contains { matches(spec, $0) }
    }

    func matches(_ spec: PeripheralSpec, _ filter: DiscoveryFilter) -> Bool {
        if filter.transport == "bredr" { return false }
        if let rssi = filter.rssi, spec.rssi < rssi { return false }
        if !filter.uuids.isEmpty {
            let advertised = Set(spec.advertisedServices + Array(spec.serviceData.keys))
            if advertised.isDisjoint(with: filter.uuids) { return false }
        }
        if !filter.pattern.isEmpty {
            let name = spec.name ?? ""
            if !spec.address.description.hasPrefix(filter.pattern.uppercased()) && !name.hasPrefix(filter.pattern) { return false }
        }
        return true
    }

    /// An advert reaches bluetoothd: create the (temporary) device or refresh its advert properties.
    func reportAdvert(_ address: BluetoothAddress) {
        guard visibleToDiscovery(address), let peripheral = peripherals[address] else { return }
        if devices[address] == nil {
            devices[address] = DeviceState(address: address, adapterID: peripheral.spec.adapter)
        }
        devices[address]?.lastSeen = now
        guard let device = devices[address], let path = devicePath(address) else { return }
        if objects[path] == nil {
            export(path, [BlueZInterface.device: deviceProperties(device, advertising: true)])
        } else {
            let index = adapterIndex(device.adapterID)
            let duplicates = index.map { i in adapters[i].sessions.contains { adapters[i].filters[$0]?.duplicateData == true } } ?? false
            var props = advertProperties(peripheral.spec)
            props["UUIDs"] = .strings(deviceUUIDs(device))
            if duplicates {
                set(path, BlueZInterface.device, props.filter { $0.key == "ManufacturerData" || $0.key == "ServiceData" }, force: true)
            }
            set(path, BlueZInterface.device, props)
        }
        if devices[address]?.temporaryCheckPending == false {
            devices[address]?.temporaryCheckPending = true
            schedule(afterMs: settings.temporaryTimeoutMs, .temporaryCheck(address))
        }
        if peripherals[address]?.advertTickPending == false {
            peripherals[address]?.advertTickPending = true
            schedule(afterMs: settings.advertReportIntervalMs, .advertTick(address))
        }
    }

    /// The next advert of an on-air peripheral while scanning: bleak and others treat RSSI updates as sightings.
    func advertTick(_ address: BluetoothAddress) {
        peripherals[address]?.advertTickPending = false
        guard visibleToDiscovery(address), let jitter = peripherals[address]?.rssiJitter else { return }
        peripherals[address]?.rssiJitter = jitter == 0 ? -1 : 0
        reportAdvert(address)
    }

    func temporaryCheck(_ address: BluetoothAddress) {
        guard let device = devices[address] else { return }
        devices[address]?.temporaryCheckPending = false
        if visibleToDiscovery(address) { devices[address]?.lastSeen = now }
        let last = devices[address]?.lastSeen ?? now
        guard device.temporary, !device.connected, device.pendingConnect == nil, device.pendingPair == nil else { return }
        if now - last >= .milliseconds(settings.temporaryTimeoutMs) {
            if let path = devicePath(address) { unexport(path) }
            devices[address] = nil
        } else {
            devices[address]?.temporaryCheckPending = true
            schedule(after: last + .milliseconds(settings.temporaryTimeoutMs) - now, .temporaryCheck(address))
        }
    }

    // MARK: Adapter1 methods

    func startDiscovery(_ call: CallID, _ sender: String, _ id: String) {
        guard let index = adapterIndex(id) else { return fail(call, .doesNotExist) }
        guard adapters[index].powered else { return fail(call, .notReady) }
        if adapters[index].stuck { return fail(call, .busy) }
        if adapters[index].sessions.contains(sender) || adapters[index].pendingStarts.contains(where: { $0.sender == sender }) {
            return fail(call, .busy)
        }
        if adapters[index].discovering {
            adapters[index].sessions.append(sender)
            reply(call)
            for address in peripheralOrder { reportAdvert(address) }
            return
        }
        adapters[index].pendingStarts.append((sender, call))
        if adapters[index].pendingStarts.count == 1 { schedule(afterMs: settings.scanStartDelayMs, .scanStarted(id)) }
    }

    func scanStarted(_ id: String) {
        guard let index = adapterIndex(id), adapters[index].present, adapters[index].powered else { return }
        let starts = adapters[index].pendingStarts
        guard !starts.isEmpty else { return }
        adapters[index].pendingStarts = []
        for start in starts {
            adapters[index].sessions.append(start.sender)
            reply(start.call)
        }
        adapters[index].discovering = true
        set(adapters[index].path, BlueZInterface.adapter, "Discovering", .bool(true))
        for address in peripheralOrder { reportAdvert(address) }
    }

    func stopDiscovery(_ call: CallID, _ sender: String, _ id: String) {
        guard let index = adapterIndex(id) else { return fail(call, .doesNotExist) }
        guard adapters[index].powered else { return fail(call, .notReady) }
        if adapters[index].stuck { return fail(call, .failed("Connection timed out")) }
        guard adapters[index].sessions.contains(sender) else { return fail(call, .failed("No discovery started")) }
        reply(call)
        dropDiscoverySession(index, sender)
    }

    /// Ends one client's session; the scan stops (Discovering=false, RSSI/TxPower invalidated) with the last one.
    func dropDiscoverySession(_ index: Int, _ sender: String) {
        adapters[index].sessions.removeAll { $0 == sender }
        adapters[index].pendingStarts.removeAll { $0.sender == sender }
        guard adapters[index].sessions.isEmpty, adapters[index].discovering else { return }
        for address in peripheralOrder where isAdvertising(address) && devices[address] != nil { devices[address]?.lastSeen = now }
        adapters[index].discovering = false
        set(adapters[index].path, BlueZInterface.adapter, "Discovering", .bool(false))
        for (address, device) in devices where device.adapterID == adapters[index].id {
            if let path = devicePath(address) { invalidate(path, BlueZInterface.device, ["RSSI", "TxPower"]) }
        }
    }

    func setDiscoveryFilter(_ call: CallID, _ sender: String, _ id: String, _ dict: [String: SimValue]) {
        guard let index = adapterIndex(id) else { return fail(call, .doesNotExist) }
        guard adapters[index].powered else { return fail(call, .notReady) }
        if dict.isEmpty {
            adapters[index].filters[sender] = nil
            return reply(call)
        }
        var filter = DiscoveryFilter()
        for (key, value) in dict {
            switch (key, value) {
            case ("UUIDs", .strings(let list)):
                var uuids: [BluetoothUUID] = []
                for text in list {
                    guard let uuid = BluetoothUUID(text) else { return fail(call, .invalidArguments) }
                    uuids.append(uuid)
                }
                filter.uuids = uuids
            case ("RSSI", .int16(let rssi)): filter.rssi = rssi
            case ("Pathloss", .uint16(let loss)): filter.pathloss = loss
            case ("Transport", .string(let transport)):
                guard ["auto", "le", "bredr"].contains(transport) else { return fail(call, .invalidArguments) }
                filter.transport = transport
            case ("DuplicateData", .bool(let on)): filter.duplicateData = on
            case ("Discoverable", .bool(let on)): filter.discoverable = on
            case ("Pattern", .string(let pattern)): filter.pattern = pattern
            case ("AutoConnect", .bool): break
            default: return fail(call, .invalidArguments)
            }
        }
        if filter.rssi != nil && filter.pathloss != nil { return fail(call, .invalidArguments) }
        adapters[index].filters[sender] = filter
        reply(call)
        if adapters[index].discovering { for address in peripheralOrder { reportAdvert(address) } }
    }

    func removeDevice(_ call: CallID, _ id: String, _ path: String) {
        guard let index = adapterIndex(id) else { return fail(call, .doesNotExist) }
        guard path.hasPrefix(adapters[index].path + "/dev_") else { return fail(call, .invalidArguments) }
        guard case .device(let address) = locate(path) else { return fail(call, .doesNotExist) }
        if devices[address]?.connected == true { linkDown(address, reason: .local) }
        if let pending = devices[address]?.pendingConnect { fail(pending, .failed("br-connection-canceled")) }
        if let pair = devices[address]?.pendingPair { fail(pair.call, .authenticationCanceled) }
        unexport(path)
        devices[address] = nil
        reply(call)
    }

    func setPowered(_ id: String, _ on: Bool) {
        guard let index = adapterIndex(id), adapters[index].powered != on else { return }
        let path = adapters[index].path
        if !on {
            for (address, device) in devices where device.adapterID == id {
                if device.connected { linkDown(address, reason: .local) }
                if let pending = devices[address]?.pendingConnect {
                    devices[address]?.pendingConnect = nil
                    fail(pending, .notReady)
                }
                if devices[address]?.pendingPair != nil {
                    cancelAgentRequests(for: address)
                    finishPair(address, .authenticationCanceled)
                }
            }
            for start in adapters[index].pendingStarts { fail(start.call, .notReady) }
            adapters[index].pendingStarts = []
            for sender in adapters[index].sessions { dropDiscoverySession(index, sender) }
        }
        adapters[index].powered = on
        if !on { adapters[index].stuck = false }
        set(path, BlueZInterface.adapter, ["Powered": .bool(on), "PowerState": .string(on ? "on" : "off")])
    }
}
