/// `org.freedesktop.DBus.ObjectManager` at `root`: answers GetManagedObjects with every object
/// exported below `root` (with Introspectable and Properties listed with empty dictionaries, as
/// bluetoothd does) and emits InterfacesAdded/InterfacesRemoved as objects or interfaces come and go
/// below it — including objects exported directly with `DBusConnection.export`.
public final class DBusObjectManager: Sendable {
    public let connection: DBusConnection
    public let root: ObjectPath

    public init(connection: DBusConnection, root: ObjectPath) throws(DBusError) {
        self.connection = connection
        self.root = root
        try connection.exports.addManager(root)
    }

    /// Exports an object below the root (parents first, so InterfacesAdded comes parent before child).
    public func add(_ object: DBusObject) throws(DBusError) {
        guard object.path.isDescendant(of: root) else {
            throw .invalidArgument("\(object.path) is not below the ObjectManager root \(root)")
        }
        try connection.export(object)
    }

    /// Emits InterfacesRemoved and unexports the object at `path`.
    public func remove(_ path: ObjectPath) {
        connection.unexport(path)
    }

    /// Removes `path` and every exported object below it, children first.
    public func removeSubtree(_ path: ObjectPath) {
        let below = connection.exports.objects(below: path).map(\.path).sorted(by: >)
        for child in below { connection.unexport(child) }
        connection.unexport(path)
    }

    /// Adds an interface to an exported object (InterfacesAdded for that interface only).
    public func addInterface(_ interface: DBusInterface, to path: ObjectPath) throws(DBusError) {
        guard let object = connection.exports.object(at: path) else { throw .invalidArgument("nothing exported at \(path)") }
        try object.addInterface(interface)
    }

    /// Removes an interface from an exported object (InterfacesRemoved for it).
    public func removeInterface(_ name: String, from path: ObjectPath) {
        connection.exports.object(at: path)?.removeInterface(name)
    }

    /// Stops managing: GetManagedObjects is no longer answered at the root.
    public func close() {
        connection.exports.removeManager(root)
    }
}
