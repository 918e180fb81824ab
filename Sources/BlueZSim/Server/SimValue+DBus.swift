import DBus

extension SimValue {
    /// The D-Bus value with exactly the simulator's type (dictionary keys sorted for stable output).
    var dbus: DBusValue {
        switch self {
        case .string(let v): .string(v)
        case .objectPath(let v): .objectPath(ObjectPath(stringLiteral: v))
        case .bool(let v): .boolean(v)
        case .byte(let v): .byte(v)
        case .int16(let v): .int16(v)
        case .uint16(let v): .uint16(v)
        case .int32(let v): .int32(v)
        case .uint32(let v): .uint32(v)
        case .bytes(let v): .bytes(v)
        case .strings(let v): .strings(v)
        case .objectPaths(let v): .objectPaths(v.map { ObjectPath(stringLiteral: $0) })
        case .dictUInt16(let d):
            .dictionary(key: "q", value: "v", d.sorted { $0.key < $1.key }.map { DBusDictEntry(key: .uint16($0.key), value: .variant($0.value.dbus)) })
        case .dictString(let d):
            .dictionary(key: "s", value: "v", d.sorted { $0.key < $1.key }.map { DBusDictEntry(key: .string($0.key), value: .variant($0.value.dbus)) })
        case .dictByte(let d):
            .dictionary(key: "y", value: "v", d.sorted { $0.key < $1.key }.map { DBusDictEntry(key: .byte($0.key), value: .variant($0.value.dbus)) })
        case .unsupported: .string("")
        }
    }

    /// A received value (variants unwrapped); types the simulator does not model keep their signature.
    init(_ value: DBusValue) {
        switch value.unwrapped {
        case .string(let v): self = .string(v)
        case .objectPath(let v): self = .objectPath(v.rawValue)
        case .boolean(let v): self = .bool(v)
        case .byte(let v): self = .byte(v)
        case .int16(let v): self = .int16(v)
        case .uint16(let v): self = .uint16(v)
        case .int32(let v): self = .int32(v)
        case .uint32(let v): self = .uint32(v)
        case let other:
            if other.signature == "ay", let bytes = other.bytes {
                self = .bytes(bytes)
            } else if other.signature == "as", let strings = other.strings {
                self = .strings(strings)
            } else if other.signature == "a{sv}", let entries = other.dictEntries {
                var dict: [String: SimValue] = [:]
                for entry in entries { if let key = entry.key.string { dict[key] = SimValue(entry.value) } }
                self = .dictString(dict)
            } else {
                self = .unsupported(signature: other.signature.rawValue)
            }
        }
    }
}

extension SimResult {
    /// The handler outcome: values, or a thrown remote error with bluetoothd's name and message.
    func dbusValues() throws(DBusError) -> [DBusValue] {
        switch self {
        case .success(let values): return values.map(\.dbus)
        case .failure(let error): throw .remote(name: error.name, message: error.message)
        }
    }
}

/// Property signatures of every simulated interface (absent optional properties are declared too).
enum SimSchema {
    static let properties: [String: [(String, Signature, DBusProperty.Access)]] = [
        BlueZInterface.adapter: [
            ("Address", "s", .read), ("AddressType", "s", .read), ("Name", "s", .read), ("Alias", "s", .readwrite),
            ("Class", "u", .read), ("Connectable", "b", .readwrite), ("Powered", "b", .readwrite), ("PowerState", "s", .read),
            ("Discoverable", "b", .readwrite), ("DiscoverableTimeout", "u", .readwrite), ("Pairable", "b", .readwrite),
            ("PairableTimeout", "u", .readwrite), ("Discovering", "b", .read), ("UUIDs", "as", .read), ("Modalias", "s", .read),
            ("Roles", "as", .read), ("Manufacturer", "q", .read), ("Version", "y", .read),
        ],
        BlueZInterface.device: [
            ("Address", "s", .read), ("AddressType", "s", .read), ("Name", "s", .read), ("Alias", "s", .readwrite),
            ("Class", "u", .read), ("Appearance", "q", .read), ("Icon", "s", .read), ("Paired", "b", .read), ("Bonded", "b", .read),
            ("Trusted", "b", .readwrite), ("Blocked", "b", .readwrite), ("LegacyPairing", "b", .read), ("CablePairing", "b", .read),
            ("RSSI", "n", .read), ("Connected", "b", .read), ("UUIDs", "as", .read), ("Modalias", "s", .read), ("Adapter", "o", .read),
            ("ManufacturerData", "a{qv}", .read), ("ServiceData", "a{sv}", .read), ("TxPower", "n", .read),
            ("ServicesResolved", "b", .read), ("AdvertisingFlags", "ay", .read), ("AdvertisingData", "a{yv}", .read),
        ],
        BlueZInterface.service: [
            ("UUID", "s", .read), ("Primary", "b", .read), ("Device", "o", .read), ("Includes", "ao", .read), ("Handle", "q", .read),
        ],
        BlueZInterface.characteristic: [
            ("UUID", "s", .read), ("Service", "o", .read), ("Value", "ay", .read), ("WriteAcquired", "b", .read),
            ("NotifyAcquired", "b", .read), ("Notifying", "b", .read), ("Flags", "as", .read), ("Handle", "q", .read), ("MTU", "q", .read),
        ],
        BlueZInterface.descriptor: [
            ("UUID", "s", .read), ("Characteristic", "o", .read), ("Value", "ay", .read), ("Flags", "as", .read), ("Handle", "q", .read),
        ],
        BlueZInterface.agentManager: [],
        BlueZInterface.profileManager: [],
    ]
}
