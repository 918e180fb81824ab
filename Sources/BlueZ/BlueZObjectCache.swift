import DBus

/// The pure ObjectManager mirror: raw properties per path and interface, updated from
/// GetManagedObjects and the three ObjectManager/Properties signals, each update returning the typed
/// events it implies. No I/O, no clock: the client feeds it in signal order.
public struct BlueZObjectCache: Sendable {
    /// Properties by path, then interface, then name (variant contents, unwrapped).
    public typealias Objects = [ObjectPath: [String: [String: DBusValue]]]

    public private(set) var objects: Objects = [:]
    /// Reasons from Device1.Disconnected, kept until the device connects again.
    private var disconnectReasons: [ObjectPath: String] = [:]

    /// The interfaces the view tracks (others, e.g. Introspectable, are ignored).
    static let tracked: Set<String> = [
        BlueZInterface.adapter, BlueZInterface.device, BlueZInterface.gattService,
        BlueZInterface.gattCharacteristic, BlueZInterface.gattDescriptor, BlueZInterface.agentManager,
        BlueZInterface.battery,
    ]

    public init() {}

    /// Parses a GetManagedObjects reply (`a{oa{sa{sv}}}`); nil if it has another shape.
    public static func parseManagedObjects(_ reply: [DBusValue]) -> Objects? {
        guard reply.count == 1, let entries = reply[0].dictEntries else { return nil }
        var objects: Objects = [:]
        for entry in entries {
            guard let path = entry.key.objectPath, let interfaces = parseInterfaces(entry.value) else { return nil }
            if !interfaces.isEmpty { objects[path] = interfaces }
        }
        return objects
    }

    /// Parses an `a{sa{sv}}` keeping only tracked interfaces; nil if malformed.
    static func parseInterfaces(_ value: DBusValue) -> [String: [String: DBusValue]]? {
        guard let entries = value.dictEntries else { return nil }
        var interfaces: [String: [String: DBusValue]] = [:]
        for entry in entries {
            guard let name = entry.key.string, let properties = entry.value.variantDict else { return nil }
            if tracked.contains(name) { interfaces[name] = properties }
        }
        return interfaces
    }

    /// Replaces the whole view (after GetManagedObjects) and returns the difference as events:
    /// removals children first, then additions parents first, then changes.
    public mutating func replaceAll(with new: Objects) -> [BlueZEvent] {
        var events: [BlueZEvent] = []
        let old = objects
        for path in old.keys.sorted(by: >) {
            let gone = (old[path] ?? [:]).keys.filter { new[path]?[$0] == nil }
            if !gone.isEmpty { events += removeInterfaces(path, gone) }
        }
        for path in new.keys.sorted() {
            let added = (new[path] ?? [:]).filter { objects[path]?[$0.key] == nil }
            if !added.isEmpty { events += addInterfaces(path, added, live: false) }
        }
        for path in new.keys.sorted() {
            for (interface, properties) in new[path] ?? [:] {
                guard let current = objects[path]?[interface], current != properties else { continue }
                let names = Set(properties.keys).union(current.keys).filter { current[$0] != properties[$0] }
                objects[path]?[interface] = properties
                events += changeEvents(path, interface, old: current, names: names, valueSignal: false)
            }
        }
        return events
    }

    /// Empties the view (bluetoothd vanished); returns removal events, children first.
    public mutating func removeAll() -> [BlueZEvent] {
        disconnectReasons = [:]
        return replaceAll(with: [:])
    }

    /// Applies InterfacesAdded. Interfaces already present are merged (a full snapshot wins).
    /// `live`: the InterfacesAdded signal (a device object bluetoothd creates from an advertising
    /// report carries RSSI: `.advertised`), not a GetManagedObjects snapshot (whose RSSI is cached).
    public mutating func addInterfaces(_ path: ObjectPath, _ interfaces: [String: [String: DBusValue]],
                                       live: Bool = true) -> [BlueZEvent] {
        var events: [BlueZEvent] = []
        for (interface, properties) in interfaces.sorted(by: { Self.rank($0.key) < Self.rank($1.key) })
        where Self.tracked.contains(interface) {
            let previous = objects[path]?[interface]
            objects[path, default: [:]][interface] = properties
            if let previous {
                let names = Set(properties.keys).union(previous.keys).filter { previous[$0] != properties[$0] }
                events += changeEvents(path, interface, old: previous, names: names, valueSignal: false)
            } else {
                events += addedEvents(path, interface, properties, live: live)
            }
        }
        return events
    }

    /// Applies InterfacesRemoved.
    public mutating func removeInterfaces(_ path: ObjectPath, _ names: [String]) -> [BlueZEvent] {
        var events: [BlueZEvent] = []
        for interface in names.sorted(by: { Self.rank($0) > Self.rank($1) }) {
            guard let old = objects[path]?.removeValue(forKey: interface) else { continue }
            events += removedEvents(path, interface, old)
        }
        if objects[path]?.isEmpty == true {
            objects[path] = nil
            disconnectReasons[path] = nil
        }
        return events
    }

    /// Applies PropertiesChanged. Signals for objects or interfaces not in the view are ignored
    /// (bluetoothd announces objects first; a later GetManagedObjects supersedes them).
    public mutating func propertiesChanged(_ path: ObjectPath, interface: String, changed: [String: DBusValue],
                                           invalidated: [String]) -> [BlueZEvent] {
        guard var properties = objects[path]?[interface] else { return [] }
        let old = properties
        for (name, value) in changed { properties[name] = value }
        for name in invalidated { properties[name] = nil }
        objects[path]?[interface] = properties
        return changeEvents(path, interface, old: old, names: Set(changed.keys).union(invalidated), valueSignal: true)
    }

    /// Records the reason of a Device1.Disconnected signal for the next `disconnected` event.
    public mutating func noteDisconnectReason(_ path: ObjectPath, reason: String) {
        disconnectReasons[path] = reason
    }

    /// The reason of the device's last disconnect (Device1.Disconnected), until it connects again.
    public func lastDisconnectReason(_ path: ObjectPath) -> String? {
        disconnectReasons[path]
    }

    /// The advertisement properties: bluetoothd sets them only from an advertising report.
    static let advertisementProperties: Set<String> = ["RSSI", "ManufacturerData", "ServiceData"]

    /// True when `names` (just set or changed) include an advertisement property that is present:
    /// a report received now. An invalidated RSSI (discovery stopped) is no report.
    static func reportsAdvertisement(_ properties: [String: DBusValue], names: Set<String>) -> Bool {
        advertisementProperties.contains { names.contains($0) && properties[$0] != nil }
    }

    /// Parents before children: adapter, device, service, characteristic, descriptor.
    static func rank(_ interface: String) -> Int {
        switch interface {
        case BlueZInterface.adapter: 1
        case BlueZInterface.device: 2
        case BlueZInterface.gattService: 3
        case BlueZInterface.gattCharacteristic: 4
        case BlueZInterface.gattDescriptor: 5
        default: 0
        }
    }

    private func addedEvents(_ path: ObjectPath, _ interface: String, _ p: [String: DBusValue], live: Bool) -> [BlueZEvent] {
        switch interface {
        case BlueZInterface.adapter: return Adapter(path: path, properties: p).map { [.adapterAdded($0)] } ?? []
        case BlueZInterface.device:
            guard let device = Device(path: path, properties: p) else { return [] }
            var events: [BlueZEvent] = [.deviceAdded(device)]
            if device.connected { events.append(.connected(path)) }
            if device.servicesResolved { events.append(.servicesResolved(path, true)) }
            if live, Self.reportsAdvertisement(p, names: Set(p.keys)) { events.append(.advertised(device)) }
            return events
        case BlueZInterface.gattService: return GattService(path: path, properties: p).map { [.serviceAdded($0)] } ?? []
        case BlueZInterface.gattCharacteristic:
            return GattCharacteristic(path: path, properties: p).map { [.characteristicAdded($0)] } ?? []
        case BlueZInterface.agentManager: return [.agentManagerAvailable]
        default: return []
        }
    }

    private mutating func removedEvents(_ path: ObjectPath, _ interface: String, _ p: [String: DBusValue]) -> [BlueZEvent] {
        switch interface {
        case BlueZInterface.adapter: return [.adapterRemoved(path)]
        case BlueZInterface.device:
            guard let device = Device(path: path, properties: p) else { return [] }
            var events: [BlueZEvent] = []
            if device.servicesResolved { events.append(.servicesResolved(path, false)) }
            if device.connected {
                events.append(.disconnected(path, reason: disconnectReasons.removeValue(forKey: path) ?? "object removed"))
            }
            events.append(.deviceRemoved(path, address: device.address))
            return events
        case BlueZInterface.gattService: return [.serviceRemoved(path)]
        case BlueZInterface.gattCharacteristic: return [.characteristicRemoved(path)]
        default: return []
        }
    }

    private mutating func changeEvents(_ path: ObjectPath, _ interface: String, old: [String: DBusValue],
                                       names: Set<String>, valueSignal: Bool) -> [BlueZEvent] {
        guard !names.isEmpty, let now = objects[path]?[interface] else { return [] }
        switch interface {
        case BlueZInterface.adapter:
            return Adapter(path: path, properties: now).map { [.adapterChanged($0, changed: names)] } ?? []
        case BlueZInterface.device:
            guard let device = Device(path: path, properties: now) else { return [] }
            let before = Device(path: path, properties: old)
            var events: [BlueZEvent] = [.deviceChanged(device, changed: names)]
            if valueSignal, Self.reportsAdvertisement(now, names: names) { events.append(.advertised(device)) }
            if before?.servicesResolved != device.servicesResolved, names.contains("ServicesResolved") {
                events.append(.servicesResolved(path, device.servicesResolved))
            }
            if before?.connected != device.connected, names.contains("Connected") {
                if device.connected {
                    disconnectReasons[path] = nil
                    events.append(.connected(path))
                } else {
                    events.append(.disconnected(path, reason: disconnectReasons[path]))
                }
            }
            return events
        case BlueZInterface.gattCharacteristic:
            var events: [BlueZEvent] = []
            if valueSignal, names.contains("Value"), let bytes = now["Value"]?.bytes {
                events.append(.characteristicValue(path, bytes))
            }
            let others = names.subtracting(["Value"])
            if !others.isEmpty, let characteristic = GattCharacteristic(path: path, properties: now) {
                events.append(.characteristicChanged(characteristic, changed: others))
            }
            return events
        default:
            return []
        }
    }
}
