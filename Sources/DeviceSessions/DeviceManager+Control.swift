import BlueZ
import DBus
import Foundation

extension DeviceManager {
    /// True when the hub should connect this device: it is under test, or assigned (unless this
    /// manager connects test sessions only).
    func wantsConnection(_ address: String) async -> Bool {
        if testSessions.contains(address) { return true }
        guard connectAssigned else { return false }
        return await registry.isAssigned(address: address)
    }

    /// Looks at a device again after its assignment changed: connects it at once if bluetoothd
    /// reported it advertising within the freshness window (`ConnectPolicy`), or its link is up;
    /// otherwise at its next advertising report. Never on a cached RSSI: a device assigned while
    /// it is off is left alone until it advertises, so it cannot hold up one that is on.
    public func reconsider(address: String) async {
        let address = address.uppercased()
        guard let device = await client.device(address: address), device.adapter == adapterPath else { return }
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
        adverts.forget(address)
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
        logger.info("device forgotten, bond removed", metadata: ["device": "\(DeviceLogID.of(address))"])
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
