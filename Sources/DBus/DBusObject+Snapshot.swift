extension DBusObject {
    /// The interface's present properties as `a{sv}`.
    static func snapshot(of interface: DBusInterface, values: [String: DBusValue]) -> (String, DBusValue) {
        let pairs = interface.properties.compactMap { p in values[p.name].map { (p.name, $0) } }
        return (interface.name, .stringVariantDict(pairs))
    }

    /// Standard interfaces listed alongside the object's own in ObjectManager data, as bluetoothd
    /// does (with empty property dictionaries).
    static let standardInterfaces = [DBusBus.introspectableInterface, DBusBus.propertiesInterface]

    /// Every interface with its properties, for GetManagedObjects and InterfacesAdded.
    func managedSnapshot() -> [(String, DBusValue)] {
        state.withLock { state in
            Self.standardInterfaces.map { ($0, DBusValue.stringVariantDict([(String, DBusValue)]())) }
                + state.interfaces.map { Self.snapshot(of: $0, values: state.values[$0.name] ?? [:]) }
        }
    }

    /// All interface names including the standard ones, for InterfacesRemoved.
    func managedInterfaceNames() -> [String] {
        Self.standardInterfaces + interfaceNames
    }

    func interface(named name: String) -> DBusInterface? {
        state.withLock { $0.interfaces.first { $0.name == name } }
    }

    /// Finds a method by member name, in `interface` or (if nil) in any interface.
    func findMethod(interface: String?, member: String) -> (DBusInterface, DBusMethod)? {
        state.withLock { state in
            for candidate in state.interfaces where interface == nil || candidate.name == interface {
                if let method = candidate.method(named: member) { return (candidate, method) }
            }
            return nil
        }
    }

    /// Attaches to a registry on export; fails if already exported elsewhere.
    func attach(to registry: ExportRegistry) throws(DBusError) {
        let interfaces = state.withLock { $0.interfaces }
        for interface in interfaces { try interface.validate() }
        try state.withLock { (state: inout State) throws(DBusError) in
            guard state.registry == nil else { throw .invalidArgument("\(path) is already exported") }
            state.registry = registry
        }
    }

    func detach() {
        state.withLock { $0.registry = nil }
    }

    /// Stores a value written by a remote `Set` and emits the change.
    func storeRemoteWrite(_ interface: String, _ name: String, _ value: DBusValue) throws(DBusError) {
        try setProperty(interface, name, value)
    }
}
