import DBus

/// Read access to the mirror (no I/O).
extension BlueZDBusClient {
    public func isBlueZRunning() -> Bool { owner != nil && !resyncing }
    /// The current owner of org.bluez, if any.
    public func bluezOwner() -> String? { owner }
    /// A copy of the whole view.
    public func snapshot() -> BlueZObjectCache { cache }
    public func adapters() -> [Adapter] { cache.adapters }
    public func devices() -> [Device] { cache.devices }
    public func device(at path: ObjectPath) -> Device? { cache.device(at: path) }
    public func device(address: String) -> Device? { cache.device(address: address) }
    public func services(of device: ObjectPath) -> [GattService] { cache.services(of: device) }
    public func characteristics(of device: ObjectPath) -> [GattCharacteristic] { cache.characteristics(of: device) }
    public func characteristic(at path: ObjectPath) -> GattCharacteristic? { cache.characteristic(at: path) }
    public func descriptors(of characteristic: ObjectPath) -> [GattDescriptor] { cache.descriptors(of: characteristic) }
    /// True when bluetoothd exports AgentManager1.
    func hasAgentManager() -> Bool { cache.hasAgentManager }
}
