import DBus

/// A snapshot of an `org.bluez.GattService1` object of a remote device.
public struct GattService: Sendable, Hashable {
    public var path: ObjectPath
    public var uuid: BluetoothUUID
    public var primary: Bool
    /// The device the service belongs to.
    public var device: ObjectPath
    public var handle: UInt16?

    /// Builds the snapshot; nil if UUID or Device is missing or malformed.
    public init?(path: ObjectPath, properties p: [String: DBusValue]) {
        guard let text = p["UUID"]?.string, let uuid = BluetoothUUID(text),
              let device = p["Device"]?.objectPath ?? Device.parent(of: path) else { return nil }
        self.path = path
        self.uuid = uuid
        self.device = device
        primary = p["Primary"]?.bool ?? true
        handle = p["Handle"]?.uint16
    }
}

/// A snapshot of an `org.bluez.GattCharacteristic1` object.
public struct GattCharacteristic: Sendable, Hashable {
    public var path: ObjectPath
    public var uuid: BluetoothUUID
    /// The service the characteristic belongs to.
    public var service: ObjectPath
    /// `read`, `write`, `write-without-response`, `notify`, `indicate`, ...
    public var flags: [String]
    /// True while some client's StartNotify session has notifications/indications enabled.
    public var notifying: Bool
    /// The last value read or notified (BlueZ's cached `Value`).
    public var value: [UInt8]?
    public var handle: UInt16?
    public var mtu: UInt16?

    /// Builds the snapshot; nil if UUID or Service is missing or malformed.
    public init?(path: ObjectPath, properties p: [String: DBusValue]) {
        guard let text = p["UUID"]?.string, let uuid = BluetoothUUID(text),
              let service = p["Service"]?.objectPath ?? Device.parent(of: path) else { return nil }
        self.path = path
        self.uuid = uuid
        self.service = service
        flags = p["Flags"]?.strings ?? []
        notifying = p["Notifying"]?.bool ?? false
        value = p["Value"]?.bytes
        handle = p["Handle"]?.uint16
        mtu = p["MTU"]?.uint16
    }

    /// True if the characteristic can notify or indicate.
    public var canSubscribe: Bool { flags.contains("notify") || flags.contains("indicate") }
}

/// A snapshot of an `org.bluez.GattDescriptor1` object.
public struct GattDescriptor: Sendable, Hashable {
    public var path: ObjectPath
    public var uuid: BluetoothUUID
    public var characteristic: ObjectPath
    public var value: [UInt8]?
    public var handle: UInt16?

    /// Builds the snapshot; nil if UUID or Characteristic is missing or malformed.
    public init?(path: ObjectPath, properties p: [String: DBusValue]) {
        guard let text = p["UUID"]?.string, let uuid = BluetoothUUID(text),
              let characteristic = p["Characteristic"]?.objectPath ?? Device.parent(of: path) else { return nil }
        self.path = path
        self.uuid = uuid
        self.characteristic = characteristic
        value = p["Value"]?.bytes
        handle = p["Handle"]?.uint16
    }
}
