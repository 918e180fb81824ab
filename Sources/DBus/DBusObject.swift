import Synchronization

/// An object exported (or to be exported) on a connection: interfaces with methods, properties
/// and signals. Thread-safe; property changes emit `PropertiesChanged` once the object is exported.
public final class DBusObject: Sendable {
    public let path: ObjectPath

    struct State {
        var interfaces: [DBusInterface]
        var values: [String: [String: DBusValue]]
        var registry: ExportRegistry?
    }

    let state: Mutex<State>

    public init(path: ObjectPath, interfaces: [DBusInterface]) {
        self.path = path
        var values: [String: [String: DBusValue]] = [:]
        for interface in interfaces {
            var properties: [String: DBusValue] = [:]
            for property in interface.properties { properties[property.name] = property.initial }
            values[interface.name] = properties
        }
        state = Mutex(State(interfaces: interfaces, values: values))
    }

    /// Names of the object's own interfaces, in declaration order.
    public var interfaceNames: [String] { state.withLock { $0.interfaces.map(\.name) } }

    /// The current value of a property, or nil if absent or unknown.
    public func property(_ interface: String, _ name: String) -> DBusValue? {
        state.withLock { $0.values[interface]?[name] }
    }

    /// The present properties of one interface, in declaration order; nil if there is no such interface.
    public func properties(of interface: String) -> [(String, DBusValue)]? {
        state.withLock { state in
            guard let spec = state.interfaces.first(where: { $0.name == interface }) else { return nil }
            let values = state.values[interface] ?? [:]
            return spec.properties.compactMap { p in values[p.name].map { (p.name, $0) } }
        }
    }

    /// Sets (or, with nil, removes) a property and emits `PropertiesChanged` if the value changed
    /// (or `force` is set, e.g. a characteristic `Value` that must signal every notification) and
    /// the property emits. Throws `.invalidArgument` for an unknown property or a wrongly typed value.
    public func setProperty(_ interface: String, _ name: String, _ value: DBusValue?, force: Bool = false) throws(DBusError) {
        try setProperties(interface, [(name, value)], force: force)
    }

    /// Sets several properties of one interface and emits one `PropertiesChanged` for them.
    public func setProperties(_ interface: String, _ changes: [(String, DBusValue?)], force: Bool = false) throws(DBusError) {
        for (_, value) in changes { try value?.validate() }
        try state.withLock { (state: inout State) throws(DBusError) in
            guard let spec = state.interfaces.first(where: { $0.name == interface }) else {
                throw .invalidArgument("\(path) has no interface \(interface)")
            }
            // Check every change before applying any, so a bad one leaves the object untouched.
            var checked: [(DBusProperty, DBusValue?)] = []
            for (name, value) in changes {
                guard let property = spec.property(named: name) else {
                    throw .invalidArgument("\(interface) has no property \(name)")
                }
                if let value, value.signature != property.signature {
                    throw .invalidArgument("\(interface).\(name) is '\(property.signature)', got '\(value.signature)'")
                }
                checked.append((property, value))
            }
            var changed: [(String, DBusValue)] = []
            var invalidated: [String] = []
            for (property, value) in checked {
                let name = property.name
                let old = state.values[interface]?[name]
                guard force || old != value else { continue }
                state.values[interface, default: [:]][name] = value
                switch (property.emitsChanged, value) {
                case (.true, let value?): changed.append((name, value))
                case (.true, nil), (.invalidates, _): invalidated.append(name)
                case (.const, _), (.false, _): break
                }
            }
            guard let registry = state.registry, !(changed.isEmpty && invalidated.isEmpty) else { return }
            try registry.emitPropertiesChanged(path: path, interface: interface, changed: changed, invalidated: invalidated)
        }
    }

    /// Announces that a property changed without sending its value (`invalidated_properties`),
    /// keeping the stored value; for properties that are expensive or `EmitsChanged=invalidates`.
    public func invalidateProperty(_ interface: String, _ name: String) throws(DBusError) {
        let registry = try state.withLock { (state: inout State) throws(DBusError) -> ExportRegistry? in
            guard let spec = state.interfaces.first(where: { $0.name == interface }), spec.property(named: name) != nil else {
                throw .invalidArgument("\(interface) has no property \(name)")
            }
            return state.registry
        }
        try registry?.emitPropertiesChanged(path: path, interface: interface, changed: [], invalidated: [name])
    }

    /// Emits a signal from this object (it must be exported).
    public func emitSignal(interface: String, name: String, arguments: [DBusValue] = []) throws(DBusError) {
        guard let registry = state.withLock({ $0.registry }) else {
            throw .invalidArgument("\(path) is not exported")
        }
        try registry.emitSignal(path: path, interface: interface, member: name, arguments: arguments)
    }

    /// Adds an interface; if exported under an ObjectManager, emits `InterfacesAdded` for it.
    public func addInterface(_ interface: DBusInterface) throws(DBusError) {
        try interface.validate()
        try state.withLock { (state: inout State) throws(DBusError) in
            guard !state.interfaces.contains(where: { $0.name == interface.name }) else {
                throw .invalidArgument("\(path) already has interface \(interface.name)")
            }
            state.interfaces.append(interface)
            var properties: [String: DBusValue] = [:]
            for property in interface.properties { properties[property.name] = property.initial }
            state.values[interface.name] = properties
            try state.registry?.interfacesAdded(path: path, [Self.snapshot(of: interface, values: properties)])
        }
    }

    /// Removes an interface; if exported under an ObjectManager, emits `InterfacesRemoved` for it.
    public func removeInterface(_ name: String) {
        state.withLock { state in
            guard let index = state.interfaces.firstIndex(where: { $0.name == name }) else { return }
            state.interfaces.remove(at: index)
            state.values[name] = nil
            try? state.registry?.interfacesRemoved(path: path, [name])
        }
    }
}
