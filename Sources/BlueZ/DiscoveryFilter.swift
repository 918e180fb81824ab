import DBus

/// Arguments of `Adapter1.SetDiscoveryFilter`. bluetoothd OR-merges the filters of all clients, so
/// results must still be filtered by the caller (`Device.offers(_:)`).
public struct DiscoveryFilter: Sendable, Equatable {
    /// `Transport`: which radios scan.
    public enum Transport: String, Sendable {
        case auto, bredr, le
    }

    /// `UUIDs`: report only devices advertising one of these services (empty = all).
    public var uuids: [BluetoothUUID]
    public var transport: Transport
    /// `DuplicateData`: true reports every advertisement (RSSI updates), so a returning device is
    /// seen even when its advertising data did not change.
    public var duplicateData: Bool
    /// `RSSI`: minimum RSSI in dBm (nil = no threshold).
    public var rssi: Int16?
    /// `Pattern`: address or name prefix (nil = none).
    public var pattern: String?

    public init(uuids: [BluetoothUUID] = [], transport: Transport = .le, duplicateData: Bool = true,
                rssi: Int16? = nil, pattern: String? = nil) {
        self.uuids = uuids
        self.transport = transport
        self.duplicateData = duplicateData
        self.rssi = rssi
        self.pattern = pattern
    }

    /// The `a{sv}` argument, with the variant types bluetoothd requires (`RSSI` as `n`).
    public var dbusValue: DBusValue {
        var pairs: [(String, DBusValue)] = [
            ("UUIDs", .strings(uuids.map(\.string))),
            ("Transport", .string(transport.rawValue)),
            ("DuplicateData", .boolean(duplicateData)),
        ]
        if let rssi { pairs.append(("RSSI", .int16(rssi))) }
        if let pattern { pairs.append(("Pattern", .string(pattern))) }
        return .stringVariantDict(pairs)
    }
}

/// `type` option of `GattCharacteristic1.WriteValue`.
public enum WriteType: String, Sendable {
    /// Write Request: the peripheral acknowledges (errors are reported).
    case request
    /// Write Command (without response).
    case command
    /// Reliable (prepared) write.
    case reliable
}
