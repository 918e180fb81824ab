// GATT operations, notify sessions, stored-reading bursts and load runs.

extension BlueZSimulation {
    func readValue(_ call: CallID, _ address: BluetoothAddress, _ handle: UInt16, _ options: [String: SimValue]) {
        guard let peripheral = peripherals[address], let char = peripheral.layout.characteristic(handle: handle),
              let path = characteristicPath(address, handle: handle) else { return fail(call, .doesNotExist) }
        guard devices[address]?.connected == true else { return fail(call, .failed("Not connected")) }
        if let error = attFault(address, char.uuid) { return fail(call, error) }
        guard char.flags.contains("read") else { return fail(call, .att(0x02)) }
        let value = peripheral.values[char.valueHandle] ?? []
        var offset = 0
        if let option = options["offset"] {
            guard let requested = option.uint16Value else { return fail(call, .invalidArguments) }
            offset = Int(requested)
        }
        guard offset <= value.count else { return fail(call, .att(0x07)) }
        let bytes = Array(value[offset...])
        reply(call, [.bytes(bytes)])
        // A successful read updates the cached Value, so StartNotify listeners see it too.
        set(path, BlueZInterface.characteristic, "Value", .bytes(bytes), force: true)
    }

    func writeValue(_ call: CallID, _ address: BluetoothAddress, _ handle: UInt16, _ bytes: [UInt8], _ options: [String: SimValue]) {
        guard let peripheral = peripherals[address], let char = peripheral.layout.characteristic(handle: handle) else {
            return fail(call, .doesNotExist)
        }
        guard devices[address]?.connected == true else { return fail(call, .failed("Not connected")) }
        if peripheral.layout.service(handle: char.serviceHandle)?.claimed == true { return fail(call, .notAuthorized) }
        if let type = options["type"] {
            guard let text = type.stringValue, ["command", "request", "reliable"].contains(text) else { return fail(call, .invalidArguments) }
        }
        if let error = attFault(address, char.uuid) { return fail(call, error) }
        guard char.flags.contains("write") || char.flags.contains("write-without-response") else { return fail(call, .att(0x03)) }
        peripherals[address]?.values[char.valueHandle] = bytes
        writesReceived.append((address, char.uuid, bytes))
        reply(call)
        if char.uuid == BluetoothUUID(short: 0x2A08) || char.uuid == BluetoothUUID(short: 0x2A2B) {
            peripherals[address]?.timeWritten = true
            maybeStartBurst(address)
        }
    }

    func readDescriptor(_ call: CallID, _ address: BluetoothAddress, _ handle: UInt16, _ options: [String: SimValue]) {
        guard let descriptor = peripherals[address]?.layout.descriptor(handle: handle) else { return fail(call, .doesNotExist) }
        guard devices[address]?.connected == true else { return fail(call, .failed("Not connected")) }
        let value = peripherals[address]?.cccd[descriptor.characteristicHandle] ?? 0
        reply(call, [.bytes([UInt8(value & 0xFF), UInt8(value >> 8)])])
    }

    func writeDescriptor(_ call: CallID, _ address: BluetoothAddress, _ handle: UInt16, _ bytes: [UInt8]) {
        guard let descriptor = peripherals[address]?.layout.descriptor(handle: handle) else { return fail(call, .doesNotExist) }
        guard devices[address]?.connected == true else { return fail(call, .failed("Not connected")) }
        guard bytes.count == 2 else { return fail(call, .att(0x0D)) }
        // A direct CCCD write bypasses bluetoothd's session bookkeeping, as on the real daemon.
        peripherals[address]?.cccd[descriptor.characteristicHandle] = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
        reply(call)
        maybeStartBurst(address)
    }

    func startNotify(_ call: CallID, _ sender: String, _ address: BluetoothAddress, _ handle: UInt16) {
        guard let char = peripherals[address]?.layout.characteristic(handle: handle),
              characteristicPath(address, handle: handle) != nil else { return fail(call, .doesNotExist) }
        guard char.canNotify else { return fail(call, .notSupported) }
        if let error = attFault(address, char.uuid) { return fail(call, error) }
        if devices[address]?.notifySessions[handle]?.contains(sender) == true { return reply(call) }
        if devices[address]?.acquired[handle] != nil { return fail(call, .notPermitted("Notify acquired")) }
        if let peripheral = peripherals[address], peripheral.spec.securityRequired, devices[address]?.connected == true,
           devices[address]?.paired == false, char.uuid == BluetoothUUID(short: peripheral.spec.model.measurementCharacteristic) {
            // CCCD write answered Insufficient Authentication: bluetoothd upgrades security first (att.c change_security).
            if devices[address]?.pendingPair != nil { return fail(call, .inProgress) }
            devices[address]?.pendingPair = PairState(call: call, sender: sender, stage: .smp, implicitNotify: handle)
            return startSMP(address)
        }
        completeStartNotify(call, sender, address, handle)
    }

    func completeStartNotify(_ call: CallID, _ sender: String, _ address: BluetoothAddress, _ handle: UInt16) {
        guard let path = characteristicPath(address, handle: handle) else { return fail(call, .doesNotExist) }
        var sessions = devices[address]?.notifySessions[handle] ?? []
        if sessions.contains(sender) { return reply(call) }
        sessions.append(sender)
        devices[address]?.notifySessions[handle] = sessions
        reply(call)
        if sessions.count == 1 { set(path, BlueZInterface.characteristic, "Notifying", .bool(true)) }
        // Not connected: success at once, the session is armed for the next connection.
        if devices[address]?.connected == true {
            enableCCCD(address, handle)
            maybeStartBurst(address)
        }
    }

    func stopNotify(_ call: CallID, _ sender: String, _ address: BluetoothAddress, _ handle: UInt16) {
        guard devices[address]?.notifySessions[handle]?.contains(sender) == true else {
            return fail(call, .failed("No notify session started"))
        }
        reply(call)
        dropNotifySession(address, handle, sender)
    }

    func dropNotifySession(_ address: BluetoothAddress, _ handle: UInt16, _ sender: String) {
        devices[address]?.notifySessions[handle]?.removeAll { $0 == sender }
        guard devices[address]?.notifySessions[handle]?.isEmpty == true else { return }
        devices[address]?.notifySessions[handle] = nil
        if let path = characteristicPath(address, handle: handle) {
            set(path, BlueZInterface.characteristic, "Notifying", .bool(false))
        }
        if devices[address]?.connected == true { peripherals[address]?.cccd[handle] = 0 }
    }

    /// bluetoothd writes the CCCD: 0x0001 if the char can notify, else 0x0002 (indicate).
    func enableCCCD(_ address: BluetoothAddress, _ handle: UInt16) {
        guard let char = peripherals[address]?.layout.characteristic(handle: handle) else { return }
        peripherals[address]?.cccd[handle] = char.flags.contains("notify") ? 0x0001 : 0x0002
    }

    /// The measurement characteristic's CCCD state as the peripheral sees it (for inspection).
    public func cccd(_ address: BluetoothAddress, _ uuid: BluetoothUUID) -> UInt16 {
        guard let char = peripherals[address]?.layout.characteristic(uuid: uuid) else { return 0 }
        return peripherals[address]?.cccd[char.handle] ?? 0
    }

    func cccdEnabled(_ address: BluetoothAddress, _ uuid: BluetoothUUID) -> Bool { cccd(address, uuid) != 0 }

    // MARK: stored readings

    /// Queues readings on a peripheral (a new measurement); sent at once if it is connected and subscribed.
    public func triggerReadings(_ address: BluetoothAddress, _ readings: [ResolvedReading]) {
        peripherals[address]?.readings.append(contentsOf: readings)
        peripherals[address]?.burstDone = false
        maybeStartBurst(address)
    }

    /// Readings still stored on the peripheral.
    public func storedReadings(_ address: BluetoothAddress) -> [ResolvedReading] { peripherals[address]?.readings ?? [] }

    func maybeStartBurst(_ address: BluetoothAddress) {
        guard let peripheral = peripherals[address], let device = devices[address], device.connected,
              !peripheral.burstActive, peripheral.load == nil else { return }
        let measurement = BluetoothUUID(short: peripheral.spec.model.measurementCharacteristic)
        guard cccdEnabled(address, measurement), !peripheral.spec.timeWriteRequired || peripheral.timeWritten else { return }
        if let load = scenario.load, load.device == address, load.startOnSubscribe, let payload = loadPayload, !peripheral.burstDone {
            peripherals[address]?.burstDone = true
            return startLoad(address, count: load.count, rateHz: load.rateHz, payload: payload)
        }
        let pending = peripheral.spec.keepReadings ? peripheral.readings.count - peripheral.burstCursor : peripheral.readings.count
        if pending <= 0 {
            if !peripheral.burstDone { finishBurst(address) }
            return
        }
        peripherals[address]?.burstActive = true
        schedule(afterMs: max(1, peripheral.spec.indicationSpacingMs), .indicate(address, link: device.link))
    }

    func indicateNext(_ address: BluetoothAddress, link: UInt64) {
        guard let device = devices[address], device.link == link, device.connected, let peripheral = peripherals[address] else { return }
        let index = peripheral.spec.keepReadings ? peripheral.burstCursor : 0
        guard index < peripheral.readings.count else {
            peripherals[address]?.burstActive = false
            return finishBurst(address)
        }
        let reading = peripheral.readings[index]
        guard cccdEnabled(address, reading.characteristic) else {
            peripherals[address]?.burstActive = false
            return
        }
        if peripheral.spec.keepReadings {
            peripherals[address]?.burstCursor += 1
        } else {
            peripherals[address]?.readings.removeFirst()
        }
        send(address, reading, sequence: index, load: false)
        schedule(afterMs: max(1, peripheral.spec.indicationSpacingMs), .indicate(address, link: link))
    }

    func finishBurst(_ address: BluetoothAddress) {
        peripherals[address]?.burstDone = true
        guard let delay = peripherals[address]?.spec.disconnectAfterBurstMs, let link = devices[address]?.link else { return }
        schedule(afterMs: delay, .burstDisconnect(address, link: link))
    }

    /// One notification/indication: bluetoothd confirms it and flushes `Value` (one signal per PDU).
    func send(_ address: BluetoothAddress, _ reading: ResolvedReading, sequence: Int, load: Bool) {
        guard let path = characteristicPath(address, reading.characteristic) else { return }
        if let char = peripherals[address]?.layout.characteristic(uuid: reading.characteristic) {
            peripherals[address]?.values[char.valueHandle] = reading.bytes
        }
        if let char = peripherals[address]?.layout.characteristic(uuid: reading.characteristic), devices[address]?.acquired[char.handle] != nil {
            emit(.notifyDatagram(characteristic: path, bytes: reading.bytes))
        } else {
            set(path, BlueZInterface.characteristic, "Value", .bytes(reading.bytes), force: true)
        }
        emit(.indicationSent(address: address, characteristic: path, sequence: sequence, load: load))
    }

    /// The peripheral notifies/indicates `bytes` on `uuid` now (if its CCCD is enabled): e.g. a battery change.
    @discardableResult
    public func notifyValue(_ address: BluetoothAddress, _ uuid: BluetoothUUID, _ bytes: [UInt8]) -> Bool {
        guard devices[address]?.connected == true, cccdEnabled(address, uuid) else { return false }
        send(address, ResolvedReading(characteristic: uuid, bytes: bytes, fixture: nil), sequence: 0, load: false)
        return true
    }

    func acquireNotify(_ call: CallID, _ sender: String, _ address: BluetoothAddress, _ handle: UInt16) {
        guard let char = peripherals[address]?.layout.characteristic(handle: handle),
              let path = characteristicPath(address, handle: handle) else { return fail(call, .doesNotExist) }
        guard devices[address]?.connected == true else { return fail(call, .failed("Not connected")) }
        guard char.flags.contains("notify") else { return fail(call, .notSupported) }
        if devices[address]?.acquired[handle] != nil { return fail(call, .notPermitted("Notify acquired")) }
        if devices[address]?.notifySessions[handle]?.isEmpty == false { return fail(call, .inProgress) }
        devices[address]?.acquired[handle] = sender
        enableCCCD(address, handle)
        emit(.notifyAcquired(call: call, characteristic: path))
        reply(call, [.uint16(UInt16(settings.mtu))])
        set(path, BlueZInterface.characteristic, ["NotifyAcquired": .bool(true), "Notifying": .bool(true)])
    }

    /// Closes an acquired notification socket (link loss, client gone, client closed its end).
    func releaseAcquired(_ address: BluetoothAddress, _ handle: UInt16) {
        guard devices[address]?.acquired.removeValue(forKey: handle) != nil, let path = characteristicPath(address, handle: handle) else { return }
        emit(.notifyReleased(characteristic: path))
        set(path, BlueZInterface.characteristic, ["NotifyAcquired": .bool(false), "Notifying": .bool(false)])
        if devices[address]?.connected == true { peripherals[address]?.cccd[handle] = 0 }
    }

    /// The client closed its end of an acquired socket (seen by the façade).
    public func acquiredSocketClosed(_ path: String) {
        guard case .characteristic(let address, let handle) = locate(path) else { return }
        releaseAcquired(address, handle)
    }

    // MARK: load runs

    /// Sends `count` indications of `payload` at `rateHz`; each send is reported as `.indicationSent(load: true)`.
    public func startLoad(_ address: BluetoothAddress, count: Int, rateHz: Double, payload: ResolvedReading) {
        guard count > 0, rateHz > 0, let device = devices[address], device.connected else { return }
        let interval = Duration.nanoseconds(Int64(1_000_000_000 / rateHz))
        peripherals[address]?.load = (count, 0, interval, payload)
        schedule(after: interval, .loadTick(address, link: device.link))
    }

    func loadTick(_ address: BluetoothAddress, link: UInt64) {
        guard devices[address]?.link == link, let load = peripherals[address]?.load else { return }
        send(address, load.payload, sequence: load.sequence, load: true)
        if load.remaining <= 1 {
            peripherals[address]?.load = nil
            return finishBurst(address)
        }
        peripherals[address]?.load = (load.remaining - 1, load.sequence + 1, load.interval, load.payload)
        schedule(after: load.interval, .loadTick(address, link: link))
    }
}

// MARK: AcquireWrite

extension BlueZSimulation {
    /// gatt-client.c characteristic_acquire_write: a socket for Write Without Response, MTU returned.
    func acquireWrite(_ call: CallID, _ sender: String, _ address: BluetoothAddress, _ handle: UInt16) {
        guard let char = peripherals[address]?.layout.characteristic(handle: handle),
              let path = characteristicPath(address, handle: handle) else { return fail(call, .doesNotExist) }
        guard devices[address]?.connected == true else { return fail(call, .failed("Not connected")) }
        guard char.flags.contains("write-without-response") else { return fail(call, .notSupported) }
        if devices[address]?.writeAcquired[handle] != nil { return fail(call, .notPermitted("Write acquired")) }
        devices[address]?.writeAcquired[handle] = sender
        emit(.writeAcquired(call: call, characteristic: path))
        reply(call, [.uint16(UInt16(settings.mtu))])
        set(path, BlueZInterface.characteristic, "WriteAcquired", .bool(true))
    }

    /// Closes an acquired write socket (link loss, client gone, client closed its end).
    func releaseWriteAcquired(_ address: BluetoothAddress, _ handle: UInt16) {
        guard devices[address]?.writeAcquired.removeValue(forKey: handle) != nil,
              let path = characteristicPath(address, handle: handle) else { return }
        emit(.writeReleased(characteristic: path))
        set(path, BlueZInterface.characteristic, "WriteAcquired", .bool(false))
    }

    /// A datagram the client wrote into an acquired socket: one Write Without Response to the peripheral.
    public func acquiredWriteReceived(_ path: String, _ bytes: [UInt8]) {
        guard case .characteristic(let address, let handle) = locate(path), devices[address]?.writeAcquired[handle] != nil,
              let char = peripherals[address]?.layout.characteristic(handle: handle) else { return }
        writesReceived.append((address, char.uuid, bytes))
    }

    /// The client closed its end of an acquired write socket (seen by the façade).
    public func acquiredWriteSocketClosed(_ path: String) {
        guard case .characteristic(let address, let handle) = locate(path) else { return }
        releaseWriteAcquired(address, handle)
    }
}
