import Synchronization

/// The objects a connection exports, the ObjectManager roots, and the running method handlers.
///
/// Lock order: an object's lock may be held while taking this registry's lock, never the reverse
/// (the registry never calls into an object while holding its own lock).
final class ExportRegistry: Sendable {
    let driver: DBusDriver

    private struct State {
        var objects: [ObjectPath: DBusObject] = [:]
        var managers: Set<ObjectPath> = []
        var handlers: [UInt64: Task<Void, Never>] = [:]
        var nextHandlerID: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())

    init(driver: DBusDriver) {
        self.driver = driver
    }

    func object(at path: ObjectPath) -> DBusObject? { state.withLock { $0.objects[path] } }

    func isManagerRoot(_ path: ObjectPath) -> Bool { state.withLock { $0.managers.contains(path) } }

    /// Objects strictly below `root`, sorted by path (parents before children).
    func objects(below root: ObjectPath) -> [DBusObject] {
        state.withLock { state in
            state.objects.filter { $0.key.isDescendant(of: root) }.sorted { $0.key < $1.key }.map(\.value)
        }
    }

    /// Names of the direct children of `path` that exist (exported objects or their ancestors).
    func childNodes(of path: ObjectPath) -> [String] {
        let prefixCount = path.components.count
        let names = state.withLock { state in
            Set(state.objects.keys.filter { $0.isDescendant(of: path) }.compactMap { candidate -> String? in
                let components = candidate.components
                return components.count > prefixCount ? String(components[prefixCount]) : nil
            })
        }
        return names.sorted()
    }

    /// True if something is exported at or below `path`, or it is an ObjectManager root.
    func hasNode(at path: ObjectPath) -> Bool {
        state.withLock { state in
            state.managers.contains(path) || state.objects.keys.contains { $0 == path || $0.isDescendant(of: path) }
        }
    }

    /// The nearest ObjectManager root strictly above `path`.
    func managerRoot(for path: ObjectPath) -> ObjectPath? {
        state.withLock { state in
            state.managers.filter { path.isDescendant(of: $0) }.max { $0.rawValue.count < $1.rawValue.count }
        }
    }

    // MARK: export

    func export(_ object: DBusObject) throws(DBusError) {
        try DBusNames.checkPath(object.path)
        try object.attach(to: self)
        let failure = state.withLock { state -> DBusError? in
            if state.closed { return .disconnected }
            if state.objects[object.path] != nil { return .invalidArgument("an object is already exported at \(object.path)") }
            state.objects[object.path] = object
            return nil
        }
        if let failure {
            object.detach()
            throw failure
        }
        try interfacesAdded(path: object.path, object.managedSnapshot())
    }

    func unexport(_ path: ObjectPath) {
        guard let object = state.withLock({ $0.objects.removeValue(forKey: path) }) else { return }
        object.detach()
        try? interfacesRemoved(path: path, object.managedInterfaceNames())
    }

    func addManager(_ root: ObjectPath) throws(DBusError) {
        try DBusNames.checkPath(root)
        state.withLock { _ = $0.managers.insert(root) }
    }

    func removeManager(_ root: ObjectPath) {
        state.withLock { _ = $0.managers.remove(root) }
    }

    /// Ends everything when the connection closes: handler tasks are cancelled, objects detached.
    func connectionClosed() {
        let (objects, handlers) = state.withLock { state in
            state.closed = true
            defer { state.objects.removeAll(); state.handlers.removeAll() }
            return (Array(state.objects.values), Array(state.handlers.values))
        }
        for handler in handlers { handler.cancel() }
        for object in objects { object.detach() }
    }

    /// Runs `body` as a tracked Task (cancelled if the connection closes).
    func runHandler(_ body: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            guard !state.closed else { return }
            state.nextHandlerID += 1
            let id = state.nextHandlerID
            state.handlers[id] = Task { [weak self] in
                await body()
                self?.state.withLock { _ = $0.handlers.removeValue(forKey: id) }
            }
        }
    }

    // MARK: emitting

    func emitSignal(path: ObjectPath, interface: String, member: String, arguments: [DBusValue]) throws(DBusError) {
        try DBusNames.checkPath(path)
        try DBusNames.checkInterface(interface)
        try DBusNames.checkMember(member)
        let message = try LibDBus.newSignal(path: path.rawValue, interface: interface, member: member)
        try message.append(arguments)
        guard driver.submit({ $0.sendNow(message) }) else { throw .disconnected }
    }

    func emitPropertiesChanged(path: ObjectPath, interface: String, changed: [(String, DBusValue)],
                               invalidated: [String]) throws(DBusError) {
        try emitSignal(path: path, interface: DBusBus.propertiesInterface, member: "PropertiesChanged",
                       arguments: [.string(interface), .stringVariantDict(changed), .strings(invalidated)])
    }

    func interfacesAdded(path: ObjectPath, _ interfaces: [(String, DBusValue)]) throws(DBusError) {
        guard let root = managerRoot(for: path) else { return }
        let dict = DBusValue.dictionary(key: "s", value: "a{sv}", interfaces.map { DBusDictEntry(key: .string($0.0), value: $0.1) })
        try emitSignal(path: root, interface: DBusBus.objectManagerInterface, member: "InterfacesAdded",
                       arguments: [.objectPath(path), dict])
    }

    func interfacesRemoved(path: ObjectPath, _ names: [String]) throws(DBusError) {
        guard let root = managerRoot(for: path) else { return }
        try emitSignal(path: root, interface: DBusBus.objectManagerInterface, member: "InterfacesRemoved",
                       arguments: [.objectPath(path), .strings(names)])
    }
}
