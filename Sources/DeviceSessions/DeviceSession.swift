import BlueZ
import DBus
import Foundation
import HealthProfiles

/// What the manager knows about one assigned device. Lives across connections (a session survives
/// reconnects), so notification routing is set up once per characteristic path.
struct DeviceSession {
    let address: String
    var state: DeviceSessionState = .seen
    /// Current BlueZ object path (changes when the adapter returns as another hciN).
    var path: ObjectPath?
    /// The running connection procedure, if any.
    var task: Task<Void, Never>?
    var connectionID: UInt64 = 0
    var identity = DeviceIdentity()
    var quirks = DeviceQuirks.standard
    /// Measurement characteristic paths whose values go to the pipeline.
    var measurementPaths: [ObjectPath: Characteristic] = [:]
    /// Values of the current connection handed to the pipeline.
    var valuesThisConnection = 0
    /// Ordered hand-off to the pipeline (one consumer per device, so the sink is awaited in order;
    /// values that queued meanwhile go to it as one batch).
    var inbox: DeviceInbox?
    var consumer: Task<Void, Never>?
    /// Consecutive attempts that found the GATT database without the expected characteristics.
    var staleResolutions = 0
    /// The GATT database stayed wrong after re-resolving: no more connects until paired again.
    var needsRepair = false
    /// The connection slot this device's link holds (from connect until the link ends).
    var slot: SlotTicket?

    init(address: String) {
        self.address = address
    }

    /// True while the connection procedure runs or the device is connected and subscribed.
    var isBusy: Bool {
        switch state {
        case .connecting, .resolvingServices, .readingInfo, .syncingTime, .subscribing, .receiving, .backoff: true
        case .seen, .disconnected, .bondLost: false
        }
    }

    /// True if `path` is this device's object or below it.
    func owns(_ object: ObjectPath) -> Bool {
        guard let path else { return false }
        return object == path || object.rawValue.hasPrefix(path.rawValue + "/")
    }
}
