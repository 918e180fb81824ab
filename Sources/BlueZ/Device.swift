import DBus

/// A snapshot of an `org.bluez.Device1` object (`/org/bluez/hciN/dev_AA_BB_CC_DD_EE_FF`).
public struct Device: Sendable, Hashable {
    public var path: ObjectPath
    /// Upper-case `AA:BB:CC:DD:EE:FF`.
    public var address: String
    /// `public` or `random`.
    public var addressType: String
    /// The advertised/GAP name, if any.
    public var name: String?
    /// BlueZ's alias (defaults to the address with dashes when no name is known).
    public var alias: String?
    /// Last advertisement RSSI; nil when not discovering (BlueZ invalidates it).
    public var rssi: Int16?
    public var txPower: Int16?
    public var appearance: UInt16?
    public var paired: Bool
    public var bonded: Bool
    public var trusted: Bool
    public var blocked: Bool
    public var connected: Bool
    public var servicesResolved: Bool
    /// Advertised and (after connection) resolved service UUIDs.
    public var uuids: [BluetoothUUID]
    /// Manufacturer data by company identifier.
    public var manufacturerData: [UInt16: [UInt8]]
    /// Service data by service UUID.
    public var serviceData: [BluetoothUUID: [UInt8]]
    /// The adapter this device belongs to.
    public var adapter: ObjectPath

    /// Builds the snapshot from Device1 properties. A missing address is recovered from the
    /// path (`dev_AA_BB_...`), a missing adapter from the parent path; nil if neither works.
    public init?(path: ObjectPath, properties p: [String: DBusValue]) {
        guard let address = p["Address"]?.string ?? Self.address(fromPath: path) else { return nil }
        guard let adapter = p["Adapter"]?.objectPath ?? Self.parent(of: path) else { return nil }
        self.path = path
        self.address = address.uppercased()
        self.adapter = adapter
        addressType = p["AddressType"]?.string ?? "public"
        name = p["Name"]?.string
        alias = p["Alias"]?.string
        rssi = p["RSSI"]?.int16
        txPower = p["TxPower"]?.int16
        appearance = p["Appearance"]?.uint16
        paired = p["Paired"]?.bool ?? false
        bonded = p["Bonded"]?.bool ?? paired
        trusted = p["Trusted"]?.bool ?? false
        blocked = p["Blocked"]?.bool ?? false
        connected = p["Connected"]?.bool ?? false
        servicesResolved = p["ServicesResolved"]?.bool ?? false
        uuids = (p["UUIDs"]?.strings ?? []).compactMap(BluetoothUUID.init)
        var manufacturer: [UInt16: [UInt8]] = [:]
        for entry in p["ManufacturerData"]?.dictEntries ?? [] {
            if let company = entry.key.uint16, let bytes = entry.value.bytes { manufacturer[company] = bytes }
        }
        manufacturerData = manufacturer
        var service: [BluetoothUUID: [UInt8]] = [:]
        for entry in p["ServiceData"]?.dictEntries ?? [] {
            if let text = entry.key.string, let uuid = BluetoothUUID(text), let bytes = entry.value.bytes { service[uuid] = bytes }
        }
        serviceData = service
    }

    /// True if the device advertises or exposes `uuid` (in UUIDs or as a service-data key).
    public func offers(_ uuid: BluetoothUUID) -> Bool {
        uuids.contains(uuid) || serviceData[uuid] != nil
    }

    /// The address encoded in a BlueZ device path (`.../dev_AA_BB_CC_DD_EE_FF`), if any.
    public static func address(fromPath path: ObjectPath) -> String? {
        guard let last = path.components.last, last.hasPrefix("dev_") else { return nil }
        let octets = last.dropFirst(4).split(separator: "_", omittingEmptySubsequences: false)
        guard octets.count == 6, octets.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) else { return nil }
        return octets.joined(separator: ":").uppercased()
    }

    static func parent(of path: ObjectPath) -> ObjectPath? {
        let components = path.components
        guard components.count > 1 else { return nil }
        return ObjectPath(stringLiteral: "/" + components.dropLast().joined(separator: "/"))
    }
}
