import Foundation
import GatewayStore

/// Which devices the hub may connect to, and where paired devices are recorded. A device is
/// connected only while a technician's assignment of it is active.
public protocol DeviceRegistry: Sendable {
    /// True when the device (any user slot) has an active assignment.
    func isAssigned(address: String) async -> Bool
    /// Records a device the technician just paired.
    func savePaired(_ device: StoredDevice) async throws(StoreError)
}

/// The registry over the gateway's SQLite store.
public struct StoreDeviceRegistry: DeviceRegistry {
    public let store: HubStore

    /// A registry reading and writing `store`.
    public init(store: HubStore) {
        self.store = store
    }

    public func isAssigned(address: String) async -> Bool {
        // A store failure means "not assigned": never connect a device we cannot vouch for.
        guard let all = try? store.assignments(address: address) else { return false }
        return all.contains { $0.revokedAt == nil }
    }

    public func savePaired(_ device: StoredDevice) async throws(StoreError) {
        try store.saveDevice(device)
    }
}
