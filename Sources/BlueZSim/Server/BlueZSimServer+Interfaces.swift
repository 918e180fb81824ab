import DBus

extension BlueZSimServer {
    /// Builds an exported interface: bluetoothd's methods (routed into the model) and its property
    /// set with the current values (absent optional properties declared with no value).
    nonisolated func makeInterface(_ name: String, _ values: [String: SimValue], path: String) -> DBusInterface {
        let properties = (SimSchema.properties[name] ?? values.map { ($0.key, Signature(stringLiteral: $0.value.signature), .read) })
            .map { property -> DBusProperty in
                let (propertyName, signature, access) = property
                let setter: DBusProperty.Setter? = access == .read ? nil : { @Sendable [weak self] (value: DBusValue) async throws(DBusError) -> Void in
                    guard let self else { throw .disconnected }
                    // Set goes through the model so side effects (power off, Trusted → persistent) happen.
                    _ = try await self.call(.setProperty(interface: name, name: propertyName, value: SimValue(value)),
                                            path: path, sender: "").dbusValues()
                }
                return DBusProperty(name: propertyName, signature: signature, access: access, initial: values[propertyName]?.dbus, set: setter)
            }
        return DBusInterface(name: name, methods: methods(for: name), properties: properties,
                             signals: name == BlueZInterface.device ? [DBusSignalSpec(name: "Disconnected", arguments: [("reason", "s"), ("message", "s")])] : [])
    }

    private nonisolated func method(_ name: String, in inArgs: [(String, Signature)] = [], out: [(String, Signature)] = [],
                                    _ request: @escaping @Sendable ([DBusValue]) -> SimRequest) -> DBusMethod {
        DBusMethod(name: name, in: inArgs, out: out) { [weak self] call throws(DBusError) in
            guard let self else { throw .disconnected }
            return try await self.callValues(request(call.arguments), call: call)
        }
    }

    private nonisolated func methods(for interface: String) -> [DBusMethod] {
        let dict = Self.dict
        switch interface {
        case BlueZInterface.adapter:
            return [
                method("StartDiscovery") { _ in .startDiscovery },
                method("StopDiscovery") { _ in .stopDiscovery },
                method("SetDiscoveryFilter", in: [("properties", "a{sv}")]) { .setDiscoveryFilter(dict($0.first)) },
                method("GetDiscoveryFilters", out: [("filters", "as")]) { _ in .getDiscoveryFilters },
                method("RemoveDevice", in: [("device", "o")]) { .removeDevice($0.first?.objectPath?.rawValue ?? "") },
            ] + (loaded.scenario.settings.experimental ? [
                method("ConnectDevice", in: [("properties", "a{sv}")], out: [("device", "o")]) { .connectDevice(dict($0.first)) },
            ] : [])
        case BlueZInterface.device:
            return [
                method("Connect") { _ in .connect },
                method("Disconnect") { _ in .disconnect },
                method("Pair") { _ in .pair },
                method("CancelPairing") { _ in .cancelPairing },
                method("ConnectProfile", in: [("UUID", "s")]) { .connectProfile($0.first?.string ?? "") },
                method("DisconnectProfile", in: [("UUID", "s")]) { .disconnectProfile($0.first?.string ?? "") },
            ]
        case BlueZInterface.characteristic:
            return [
                method("ReadValue", in: [("options", "a{sv}")], out: [("value", "ay")]) { .readValue(dict($0.first)) },
                method("WriteValue", in: [("value", "ay"), ("options", "a{sv}")]) {
                    .writeValue($0.first?.bytes ?? [], dict($0.count > 1 ? $0[1] : nil))
                },
                method("StartNotify") { _ in .startNotify },
                method("StopNotify") { _ in .stopNotify },
                method("AcquireNotify", in: [("options", "a{sv}")], out: [("fd", "h"), ("mtu", "q")]) { .acquireNotify(dict($0.first)) },
                method("AcquireWrite", in: [("options", "a{sv}")], out: [("fd", "h"), ("mtu", "q")]) { .acquireWrite(dict($0.first)) },
            ]
        case BlueZInterface.descriptor:
            return [
                method("ReadValue", in: [("options", "a{sv}")], out: [("value", "ay")]) { .readValue(dict($0.first)) },
                method("WriteValue", in: [("value", "ay"), ("options", "a{sv}")]) {
                    .writeValue($0.first?.bytes ?? [], dict($0.count > 1 ? $0[1] : nil))
                },
            ]
        case BlueZInterface.agentManager:
            return [
                method("RegisterAgent", in: [("agent", "o"), ("capability", "s")]) {
                    .registerAgent(path: $0.first?.objectPath?.rawValue ?? "", capability: $0.count > 1 ? $0[1].string ?? "" : "")
                },
                method("UnregisterAgent", in: [("agent", "o")]) { .unregisterAgent($0.first?.objectPath?.rawValue ?? "") },
                method("RequestDefaultAgent", in: [("agent", "o")]) { .requestDefaultAgent($0.first?.objectPath?.rawValue ?? "") },
            ]
        case BlueZInterface.gattManager:
            return [
                method("RegisterApplication", in: [("application", "o"), ("options", "a{sv}")]) {
                    .registerApplication(path: $0.first?.objectPath?.rawValue ?? "", options: dict($0.count > 1 ? $0[1] : nil))
                },
                method("UnregisterApplication", in: [("application", "o")]) { .unregisterApplication($0.first?.objectPath?.rawValue ?? "") },
            ]
        case BlueZInterface.profileManager:
            return [
                method("RegisterProfile", in: [("profile", "o"), ("UUID", "s"), ("options", "a{sv}")]) {
                    .registerProfile(path: $0.first?.objectPath?.rawValue ?? "", uuid: $0.count > 1 ? $0[1].string ?? "" : "",
                                     options: dict($0.count > 2 ? $0[2] : nil))
                },
                method("UnregisterProfile", in: [("profile", "o")]) { .unregisterProfile($0.first?.objectPath?.rawValue ?? "") },
            ]
        default:
            return []
        }
    }
}

extension BlueZSimServer {
    @Sendable static func dict(_ value: DBusValue?) -> [String: SimValue] {
        if let value, case .dictString(let d) = SimValue(value) { d } else { [:] }
    }
}
