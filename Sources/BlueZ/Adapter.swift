import DBus

/// A snapshot of an `org.bluez.Adapter1` object (`/org/bluez/hciN`).
public struct Adapter: Sendable, Hashable {
    public var path: ObjectPath
    /// Controller address, upper-case `AA:BB:CC:DD:EE:FF`.
    public var address: String
    public var name: String?
    public var alias: String?
    public var powered: Bool
    public var discovering: Bool
    public var discoverable: Bool
    public var pairable: Bool
    /// `central`, `peripheral`, ... (empty on daemons without the property).
    public var roles: [String]

    /// Builds the snapshot from Adapter1 properties; nil if the address is missing or mistyped.
    public init?(path: ObjectPath, properties p: [String: DBusValue]) {
        guard let address = p["Address"]?.string else { return nil }
        self.path = path
        self.address = address.uppercased()
        name = p["Name"]?.string
        alias = p["Alias"]?.string
        powered = p["Powered"]?.bool ?? false
        discovering = p["Discovering"]?.bool ?? false
        discoverable = p["Discoverable"]?.bool ?? false
        pairable = p["Pairable"]?.bool ?? false
        roles = p["Roles"]?.strings ?? []
    }

    /// The adapter's `hciN` name (last path component).
    public var hciName: String { path.components.last.map(String.init) ?? path.rawValue }
}
