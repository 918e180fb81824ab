// GattManager1: local GATT applications (gatt-database.c), e.g. a hub serving Current Time.

extension BlueZSimulation {
    func registerApplication(_ call: CallID, _ sender: String, _ path: String) {
        let pending = pendingApplications.values.contains { $0.owner == sender && $0.path == path }
        if applications[sender]?.contains(path) == true || pending { return fail(call, .alreadyExists) }
        pendingApplications[call] = (sender, path)
        emit(.readApplication(call: call, owner: sender, path: path))
    }

    func unregisterApplication(_ call: CallID, _ sender: String, _ path: String) {
        guard applications[sender]?.remove(path) != nil else { return fail(call, .doesNotExist) }
        reply(call)
    }

    /// The application's `GetManagedObjects` answer (nil: the call failed). bluetoothd needs at least
    /// one service with a UUID, and every characteristic needs UUID, Service and Flags.
    public func applicationRead(call: CallID, objects: [String: [String: [String: SimValue]]]?) {
        guard let (owner, path) = pendingApplications.removeValue(forKey: call) else { return }
        guard let objects else { return fail(call, .failed("Failed to read application")) }
        let mine = objects.filter { $0.key == path || $0.key.hasPrefix(path == "/" ? "/" : path + "/") }
        let services = mine.values.compactMap { $0[BlueZInterface.service] }
        guard !services.isEmpty, services.allSatisfy({ if case .string? = $0["UUID"] { true } else { false } }) else {
            return fail(call, .failed("No valid service object found"))
        }
        for characteristic in mine.values.compactMap({ $0[BlueZInterface.characteristic] }) {
            guard case .string? = characteristic["UUID"], case .objectPath? = characteristic["Service"],
                  case .strings? = characteristic["Flags"] else {
                return fail(call, .failed("Failed to create entry in database"))
            }
        }
        applications[owner, default: []].insert(path)
        reply(call)
    }

    /// Application paths `sender` has registered (for tests and GetState).
    public func registeredApplications(_ sender: String) -> [String] { (applications[sender] ?? []).sorted() }
}
