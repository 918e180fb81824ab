import DBus

/// A typed change of the org.bluez object view, in the order bluetoothd's signals arrived.
public enum BlueZEvent: Sendable, Equatable {
    /// bluetoothd owns `org.bluez` and the view has been (re)built from GetManagedObjects; the
    /// added objects were announced just before. After a restart: re-register agents and filters.
    case bluezAppeared(owner: String)
    /// bluetoothd left the bus (stop, crash, restart). Followed by `disconnected`/removal events for
    /// every object of the emptied view.
    case bluezVanished
    /// AgentManager1 appeared at /org/bluez (it may follow the name by a moment): agents register now.
    case agentManagerAvailable
    case adapterAdded(Adapter)
    case adapterChanged(Adapter, changed: Set<String>)
    case adapterRemoved(ObjectPath)
    /// A new Device1 object: for a nearby device this is its first advertisement.
    case deviceAdded(Device)
    /// Device1 properties changed (`changed` names them; RSSI/ManufacturerData/ServiceData mean
    /// "advertising now").
    case deviceChanged(Device, changed: Set<String>)
    case deviceRemoved(ObjectPath, address: String)
    /// bluetoothd reported an advertisement of the device just now: an InterfacesAdded signal with
    /// RSSI (a new device object) or a PropertiesChanged setting RSSI, ManufacturerData or
    /// ServiceData. Follows the `deviceAdded`/`deviceChanged` of the same signal. Never derived from
    /// GetManagedObjects: a cached RSSI stays while discovery runs, long after the device went quiet.
    case advertised(Device)
    /// `Connected` became true.
    case connected(ObjectPath)
    /// `Connected` became false (or the connected device's object vanished); `reason` from the
    /// Device1.Disconnected signal (BlueZ 5.83+) when it came first, else a note from the client.
    case disconnected(ObjectPath, reason: String?)
    /// `ServicesResolved` changed.
    case servicesResolved(ObjectPath, Bool)
    case serviceAdded(GattService)
    case serviceRemoved(ObjectPath)
    case characteristicAdded(GattCharacteristic)
    /// Characteristic properties other than Value changed (e.g. Notifying).
    case characteristicChanged(GattCharacteristic, changed: Set<String>)
    case characteristicRemoved(ObjectPath)
    /// One notification/indication (or read result): one event per PropertiesChanged(Value),
    /// identical consecutive payloads included.
    case characteristicValue(ObjectPath, [UInt8])

    /// The object path the event concerns (nil for bluez appeared/vanished).
    public var path: ObjectPath? {
        switch self {
        case .bluezAppeared, .bluezVanished, .agentManagerAvailable: nil
        case let .adapterAdded(a): a.path
        case let .adapterChanged(a, _): a.path
        case let .deviceAdded(d): d.path
        case let .deviceChanged(d, _): d.path
        case let .advertised(d): d.path
        case let .serviceAdded(s): s.path
        case let .characteristicAdded(c): c.path
        case let .characteristicChanged(c, _): c.path
        case let .adapterRemoved(p), let .deviceRemoved(p, _), let .connected(p), let .disconnected(p, _),
             let .servicesResolved(p, _), let .serviceRemoved(p), let .characteristicRemoved(p),
             let .characteristicValue(p, _):
            p
        }
    }
}
