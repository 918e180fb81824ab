import BlueZ
import DBus
import Foundation

extension DeviceManager {
    /// How recent an advertisement must be for `reconsider(address:)` to connect at once.
    static let advertisementFreshness: TimeInterval = 30

    /// True when the hub should connect this device: it is under test, or assigned (unless this
    /// manager connects test sessions only).
    func wantsConnection(_ address: String) async -> Bool {
        if testSessions.contains(address) { return true }
        guard connectAssigned else { return false }
        return await registry.isAssigned(address: address)
    }

    /// Looks at a device again after its assignment changed: connects it at once if it advertised
    /// within the last 30 s (otherwise at its next advertisement, as usual). Cuffs advertise only
    /// for a few seconds after a measurement, and bluetoothd may not report the same advert again.
    public func reconsider(address: String) async {
        let address = address.uppercased()
        guard let device = await client.device(address: address), device.adapter == adapterPath else { return }
        let fresh = lastAdvertisement[address].map { now().timeIntervalSince($0) <= Self.advertisementFreshness } ?? false
        guard device.connected || (device.rssi != nil && fresh) else { return }
        await considerConnecting(device)
    }

    /// Forgets a device on the BlueZ side: ends its session (pending connects cancelled, the link
    /// dropped) and removes its bond from bluetoothd (`RemoveDevice`). The registry must already
    /// say it is not assigned, or its next advertisement would start a session again.
    public func forget(address: String) async throws(BlueZError) {
        let address = address.uppercased()
        _ = testSessions.end(address)
        if sessions[address] != nil {
            endConnection(address, reason: "forgotten", cancelTask: true)
            releaseSlot(address)
            sessions[address]?.inbox?.finish()
            sessions[address] = nil
        }
        batteryLevels[address] = nil
        lastAdvertisement[address] = nil
        // Without bluetoothd the bond cannot be removed: say so, so that the caller tries again.
        guard await client.isBlueZRunning() else { throw .bluezNotRunning("org.bluez has no owner") }
        guard let device = await client.device(address: address) else { return }
        if device.connected { try? await client.disconnect(device: device.path, timeout: BlueZTimeouts.call) }
        do {
            try await client.removeDevice(device.path, timeout: BlueZTimeouts.call)
        } catch where error.isObjectMissing {
            // Already gone: nothing to remove.
        }
        // So that a pairing right after finds the device afresh, not the removed object.
        try? await client.waitForRemoval(device: device.path, timeout: .seconds(5))
        logger.info("device forgotten, bond removed", metadata: ["device": "\(address)"])
    }

    /// The last battery level the device reported (percent), kept across connections.
    public func batteryLevel(of address: String) -> Int? {
        batteryLevels[address.uppercased()]
    }

    /// Whether org.bluez has an owner.
    public func isBlueZRunning() async -> Bool {
        await client.isBlueZRunning()
    }

    /// The adapter discovery runs on ("hci0"); without a running manager, the default powered adapter.
    public func adapterName() async -> String? {
        if let adapterPath { return adapterPath.rawValue.split(separator: "/").last.map(String.init) }
        guard let adapter = await client.defaultAdapter(), adapter.powered else { return nil }
        return adapter.hciName
    }
}
