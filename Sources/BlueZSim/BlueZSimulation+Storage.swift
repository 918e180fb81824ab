// bluetoothd's /var/lib/bluetooth: what a stored (non-temporary) device keeps across restarts.

/// One device as bluetoothd stores it (info file: bond, trust, alias, identity). Codable so a
/// `--state-file` can carry it across bluez-sim process restarts.
public struct StoredDevice: Sendable, Equatable, Codable {
    public var address: String
    public var adapter: String
    public var paired: Bool
    public var trusted: Bool
    public var blocked: Bool
    public var alias: String?
    public var identityResolved: Bool
}

extension BlueZSimulation {
    /// Every non-temporary device, in scenario order (what bluetoothd would have on disk).
    public var storedDevices: [StoredDevice] {
        peripheralOrder.compactMap { address in
            guard let device = devices[address], !device.temporary else { return nil }
            return StoredDevice(address: address.description, adapter: device.adapterID, paired: device.paired,
                                trusted: device.trusted, blocked: device.blocked, alias: device.alias,
                                identityResolved: device.identityResolved)
        }
    }

    /// Loads stored devices before `start()` (entries for peripherals not in the scenario are ignored).
    /// The peripheral side keeps its bond, as a real cuff would.
    public func restore(_ stored: [StoredDevice]) {
        for entry in stored {
            guard let address = BluetoothAddress(entry.address), let peripheral = peripherals[address],
                  adapters.contains(where: { $0.id == entry.adapter }) else { continue }
            var device = devices[address] ?? DeviceState(address: address, adapterID: entry.adapter)
            device.temporary = false
            device.paired = entry.paired
            device.bonded = entry.paired
            device.trusted = entry.trusted
            device.blocked = entry.blocked
            device.alias = entry.alias
            device.identityResolved = entry.identityResolved && peripheral.spec.identityAddress != nil
            devices[address] = device
            if entry.paired { peripherals[address]?.hasBond = true }
        }
    }
}
