/// Names of the message bus itself.
public enum DBusBus {
    public static let name = "org.freedesktop.DBus"
    public static let path: ObjectPath = "/org/freedesktop/DBus"
    public static let interface = "org.freedesktop.DBus"
    public static let propertiesInterface = "org.freedesktop.DBus.Properties"
    public static let introspectableInterface = "org.freedesktop.DBus.Introspectable"
    public static let peerInterface = "org.freedesktop.DBus.Peer"
    public static let objectManagerInterface = "org.freedesktop.DBus.ObjectManager"
}
