import DBus

/// Typed views of the mirror. Objects whose properties cannot be typed are left out, never trapped on.
extension BlueZObjectCache {
    /// Every adapter, by path.
    public var adapters: [Adapter] {
        typed(BlueZInterface.adapter, Adapter.init)
    }

    /// Every device, by path.
    public var devices: [Device] {
        typed(BlueZInterface.device, Device.init)
    }

    /// True if bluetoothd exports AgentManager1 at /org/bluez.
    public var hasAgentManager: Bool {
        objects[BlueZInterface.rootPath]?[BlueZInterface.agentManager] != nil
    }

    public func adapter(at path: ObjectPath) -> Adapter? {
        objects[path]?[BlueZInterface.adapter].flatMap { Adapter(path: path, properties: $0) }
    }

    public func device(at path: ObjectPath) -> Device? {
        objects[path]?[BlueZInterface.device].flatMap { Device(path: path, properties: $0) }
    }

    /// The device with this address (any case); with several adapters, the connected one or the
    /// first by path.
    public func device(address: String) -> Device? {
        let wanted = address.uppercased()
        let matches = devices.filter { $0.address == wanted }
        return matches.first { $0.connected } ?? matches.first
    }

    public func service(at path: ObjectPath) -> GattService? {
        objects[path]?[BlueZInterface.gattService].flatMap { GattService(path: path, properties: $0) }
    }

    public func characteristic(at path: ObjectPath) -> GattCharacteristic? {
        objects[path]?[BlueZInterface.gattCharacteristic].flatMap { GattCharacteristic(path: path, properties: $0) }
    }

    /// The device's GATT services, by path (handle order).
    public func services(of device: ObjectPath) -> [GattService] {
        typed(BlueZInterface.gattService, GattService.init).filter { $0.device == device }
    }

    /// The device's characteristics, by path (handle order).
    public func characteristics(of device: ObjectPath) -> [GattCharacteristic] {
        let services = Set(services(of: device).map(\.path))
        return typed(BlueZInterface.gattCharacteristic, GattCharacteristic.init).filter { services.contains($0.service) }
    }

    /// The first characteristic of the device with `uuid` (optionally inside service `in`).
    public func characteristic(of device: ObjectPath, uuid: BluetoothUUID, in service: BluetoothUUID? = nil) -> GattCharacteristic? {
        let services = services(of: device).filter { service == nil || $0.uuid == service }
        let paths = Set(services.map(\.path))
        return typed(BlueZInterface.gattCharacteristic, GattCharacteristic.init)
            .first { paths.contains($0.service) && $0.uuid == uuid }
    }

    /// The descriptors of a characteristic, by path.
    public func descriptors(of characteristic: ObjectPath) -> [GattDescriptor] {
        typed(BlueZInterface.gattDescriptor, GattDescriptor.init).filter { $0.characteristic == characteristic }
    }

    private func typed<T>(_ interface: String, _ make: (ObjectPath, [String: DBusValue]) -> T?) -> [T] {
        objects.keys.sorted().compactMap { path in objects[path]?[interface].flatMap { make(path, $0) } }
    }
}
