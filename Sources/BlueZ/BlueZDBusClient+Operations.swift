import DBus

/// Operations: one D-Bus call each, with a timeout, errors mapped to `BlueZError`. They do not
/// touch the view, so they run without the actor (many may be in flight).
extension BlueZDBusClient {
    /// Calls `interface.method` on a bluetoothd object.
    public nonisolated func callBlueZ(_ path: ObjectPath, _ interface: String, _ method: String,
                                      _ arguments: [DBusValue] = [], timeout: Duration,
                                      expecting: Signature? = nil) async throws(BlueZError) -> [DBusValue] {
        do {
            return try await connection.call(destination: BlueZInterface.service, path: path, interface: interface,
                                             method: method, arguments: arguments, timeout: timeout, expecting: expecting)
        } catch {
            let short = interface.split(separator: ".").last.map(String.init) ?? interface
            throw BlueZError(error, operation: "\(short).\(method)")
        }
    }

    /// Sets a property through org.freedesktop.DBus.Properties.Set.
    public nonisolated func setProperty(_ path: ObjectPath, _ interface: String, _ name: String, _ value: DBusValue,
                                        timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(path, DBusBus.propertiesInterface, "Set",
                                [.string(interface), .string(name), .variant(value)], timeout: timeout)
    }

    public nonisolated func setDiscoveryFilter(adapter: ObjectPath, _ filter: DiscoveryFilter, timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(adapter, BlueZInterface.adapter, "SetDiscoveryFilter", [filter.dbusValue], timeout: timeout)
    }

    public nonisolated func startDiscovery(adapter: ObjectPath, timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(adapter, BlueZInterface.adapter, "StartDiscovery", timeout: timeout)
    }

    public nonisolated func stopDiscovery(adapter: ObjectPath, timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(adapter, BlueZInterface.adapter, "StopDiscovery", timeout: timeout)
    }

    public nonisolated func setPowered(adapter: ObjectPath, _ powered: Bool, timeout: Duration) async throws(BlueZError) {
        try await setProperty(adapter, BlueZInterface.adapter, "Powered", .boolean(powered), timeout: timeout)
    }

    /// On timeout, Disconnect is sent (best effort) to cancel bluetoothd's pending connect, which
    /// would otherwise answer the next Connect with InProgress for minutes (bleak does the same).
    public nonisolated func connect(device: ObjectPath, timeout: Duration) async throws(BlueZError) {
        do {
            _ = try await callBlueZ(device, BlueZInterface.device, "Connect", timeout: timeout)
        } catch .timeout(let operation, let after) {
            _ = try? await callBlueZ(device, BlueZInterface.device, "Disconnect", timeout: BlueZTimeouts.call)
            throw .timeout(operation: operation, after: after)
        }
    }

    public nonisolated func disconnect(device: ObjectPath, timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(device, BlueZInterface.device, "Disconnect", timeout: timeout)
    }

    public nonisolated func pair(device: ObjectPath, timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(device, BlueZInterface.device, "Pair", timeout: timeout)
    }

    public nonisolated func cancelPairing(device: ObjectPath, timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(device, BlueZInterface.device, "CancelPairing", timeout: timeout)
    }

    public nonisolated func setTrusted(device: ObjectPath, _ trusted: Bool, timeout: Duration) async throws(BlueZError) {
        try await setProperty(device, BlueZInterface.device, "Trusted", .boolean(trusted), timeout: timeout)
    }

    public func removeDevice(_ device: ObjectPath, timeout: Duration) async throws(BlueZError) {
        guard let adapter = cache.device(at: device)?.adapter ?? Device.parent(of: device) else {
            throw .notFound("no adapter for \(device)")
        }
        _ = try await callBlueZ(adapter, BlueZInterface.adapter, "RemoveDevice", [.objectPath(device)], timeout: timeout)
    }

    public nonisolated func readValue(characteristic: ObjectPath, offset: UInt16, timeout: Duration) async throws(BlueZError) -> [UInt8] {
        let options: [(String, DBusValue)] = offset == 0 ? [] : [("offset", .uint16(offset))]
        let reply = try await callBlueZ(characteristic, BlueZInterface.gattCharacteristic, "ReadValue",
                                        [.stringVariantDict(options)], timeout: timeout, expecting: "ay")
        return reply.first?.bytes ?? []
    }

    public nonisolated func writeValue(characteristic: ObjectPath, _ value: [UInt8], type: WriteType, timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(characteristic, BlueZInterface.gattCharacteristic, "WriteValue",
                                [.bytes(value), .stringVariantDict([("type", .string(type.rawValue))])], timeout: timeout)
    }

    public nonisolated func readDescriptor(_ descriptor: ObjectPath, timeout: Duration) async throws(BlueZError) -> [UInt8] {
        let reply = try await callBlueZ(descriptor, BlueZInterface.gattDescriptor, "ReadValue",
                                        [.stringVariantDict([(String, DBusValue)]())], timeout: timeout, expecting: "ay")
        return reply.first?.bytes ?? []
    }

    public nonisolated func startNotify(characteristic: ObjectPath, timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(characteristic, BlueZInterface.gattCharacteristic, "StartNotify", timeout: timeout)
    }

    public nonisolated func stopNotify(characteristic: ObjectPath, timeout: Duration) async throws(BlueZError) {
        _ = try await callBlueZ(characteristic, BlueZInterface.gattCharacteristic, "StopNotify", timeout: timeout)
    }
}
