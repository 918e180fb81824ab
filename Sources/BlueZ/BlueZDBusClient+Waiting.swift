import DBus

/// Waiting for the view: each wait registers for events *before* checking the view (both on the
/// actor, so no change can slip between them), then awaits events with a timeout. No polling.
extension BlueZDBusClient {
    public func waitForServicesResolved(device path: ObjectPath, timeout: Duration) async throws(BlueZError) -> Device {
        let (id, stream) = hub.subscribe()
        defer { hub.remove(id) }
        guard let device = cache.device(at: path) else { throw .unknownObject("\(path) is not in the BlueZ view") }
        if device.servicesResolved { return device }
        if !device.connected {
            // The view may lag behind a Connect reply: ask bluetoothd before declaring the link lost.
            let reply = try await callBlueZ(path, DBusBus.propertiesInterface, "Get",
                                            [.string(BlueZInterface.device), .string("Connected")], timeout: BlueZTimeouts.call)
            if reply.first?.bool == false {
                throw .linkLost(device: path, reason: cache.lastDisconnectReason(path) ?? "not connected")
            }
        }
        try await Self.within(timeout, "ServicesResolved of \(path)") { () throws(BlueZError) in
            for await event in stream {
                if case .servicesResolved(path, true) = event { return }
                try Self.failIfGone(event, device: path)
            }
            throw .cancelled
        }
        guard let resolved = cache.device(at: path) else { throw .unknownObject("\(path) vanished") }
        return resolved
    }

    public func waitForCharacteristic(device path: ObjectPath, uuid: BluetoothUUID, timeout: Duration) async throws(BlueZError) -> GattCharacteristic {
        let (id, stream) = hub.subscribe()
        defer { hub.remove(id) }
        if let found = cache.characteristic(of: path, uuid: uuid) { return found }
        guard cache.device(at: path) != nil else { throw .unknownObject("\(path) is not in the BlueZ view") }
        return try await Self.within(timeout, "characteristic \(uuid) of \(path)") { [weak self] () throws(BlueZError) in
            for await event in stream {
                switch event {
                case let .characteristicAdded(added) where added.uuid == uuid:
                    if let found = await self?.characteristicInView(of: path, uuid: uuid) { return found }
                case .servicesResolved(path, true):
                    if let found = await self?.characteristicInView(of: path, uuid: uuid) { return found }
                default:
                    try Self.failIfGone(event, device: path)
                }
            }
            throw .cancelled
        }
    }

    public func waitForDevice(address: String, timeout: Duration) async throws(BlueZError) -> Device {
        let (id, stream) = hub.subscribe()
        defer { hub.remove(id) }
        if let device = cache.device(address: address) { return device }
        let wanted = address.uppercased()
        return try await Self.within(timeout, "device \(wanted)") { () throws(BlueZError) in
            for await event in stream {
                switch event {
                case let .deviceAdded(device) where device.address == wanted: return device
                case let .deviceChanged(device, _) where device.address == wanted: return device
                default: continue
                }
            }
            throw .cancelled
        }
    }

    public func waitForDisconnect(device path: ObjectPath, timeout: Duration) async throws(BlueZError) {
        let (id, stream) = hub.subscribe()
        defer { hub.remove(id) }
        guard let device = cache.device(at: path), device.connected else { return }
        try await Self.within(timeout, "disconnect of \(path)") { () throws(BlueZError) in
            for await event in stream {
                switch event {
                case .disconnected(path, _), .deviceRemoved(path, _), .bluezVanished: return
                default: continue
                }
            }
            throw .cancelled
        }
    }

    public func waitForRemoval(device path: ObjectPath, timeout: Duration) async throws(BlueZError) {
        let (id, stream) = hub.subscribe()
        defer { hub.remove(id) }
        guard cache.device(at: path) != nil else { return }
        try await Self.within(timeout, "removal of \(path)") { () throws(BlueZError) in
            for await event in stream {
                switch event {
                case .deviceRemoved(path, _), .bluezVanished: return
                default: continue
                }
            }
            throw .cancelled
        }
    }

    func characteristicInView(of device: ObjectPath, uuid: BluetoothUUID) -> GattCharacteristic? {
        cache.characteristic(of: device, uuid: uuid)
    }

    /// Throws if `event` means the awaited device is gone: disconnected, removed, or bluetoothd left.
    static func failIfGone(_ event: BlueZEvent, device path: ObjectPath) throws(BlueZError) {
        switch event {
        case let .disconnected(p, reason) where p == path: throw .linkLost(device: path, reason: reason)
        case .deviceRemoved(path, _): throw .unknownObject("\(path) was removed")
        case .bluezVanished: throw .bluezNotRunning("bluetoothd left the bus")
        default: return
        }
    }

    /// Runs `body`, failing with `.timeout` after `timeout`. The sleeping task is only the deadline.
    static func within<T: Sendable>(_ timeout: Duration, _ what: String,
                                    _ body: @escaping @Sendable () async throws(BlueZError) -> T) async throws(BlueZError) -> T {
        let result = await withTaskGroup(of: Result<T, BlueZError>?.self) { group in
            group.addTask {
                do throws(BlueZError) { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return nil }
                return .failure(.timeout(operation: what, after: timeout))
            }
            defer { group.cancelAll() }
            while let next = await group.next() {
                if let next { return next }
            }
            return Result<T, BlueZError>.failure(.cancelled)
        }
        return try result.get()
    }
}
