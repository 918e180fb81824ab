extension DBusConnection {
    /// Exports `object` at its path. Introspectable, Properties and Peer are provided. If an
    /// ObjectManager root is above the path, `InterfacesAdded` is emitted.
    public func export(_ object: DBusObject) throws(DBusError) {
        try exports.export(object)
    }

    /// Removes the object at `path` (emitting `InterfacesRemoved` under an ObjectManager).
    /// Objects below it stay exported.
    public func unexport(_ path: ObjectPath) {
        exports.unexport(path)
    }

    /// The object exported at `path`, if any.
    public func exportedObject(at path: ObjectPath) -> DBusObject? {
        exports.object(at: path)
    }
}
