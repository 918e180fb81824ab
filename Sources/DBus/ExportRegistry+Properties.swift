/// org.freedesktop.DBus.Properties for exported objects. Error names and texts follow bluetoothd
/// (gdbus/object.c): unknown interface or property → InvalidArgs "No such interface/property '…'".
extension ExportRegistry {
    func handleProperties(_ call: IncomingCall, _ object: DBusObject) {
        let args = call.arguments
        switch (call.member, args.signature.rawValue) {
        case ("Get", "ss"):
            guard let interfaceName = args[0].string, let name = args[1].string else { return }
            switch lookup(object, interfaceName, name) {
            case let .failure(error): reply(call, .failure(error))
            case let .success(property):
                guard property.access != .write else {
                    return reply(call, .failure(.remote(name: DBusErrorName.accessDenied, message: "Property '\(name)' is not readable")))
                }
                guard let value = object.property(interfaceName, name) else {
                    return reply(call, .failure(Self.noSuchProperty(name)))
                }
                reply(call, .success([.variant(value)]))
            }
        case ("GetAll", "s"):
            guard let interfaceName = args[0].string else { return }
            if [DBusBus.introspectableInterface, DBusBus.propertiesInterface, DBusBus.peerInterface].contains(interfaceName) {
                return reply(call, .success([.stringVariantDict([(String, DBusValue)]())]))
            }
            guard let interface = object.interface(named: interfaceName), let values = object.properties(of: interfaceName) else {
                return reply(call, .failure(Self.noSuchInterface(interfaceName)))
            }
            let readable = Set(interface.properties.filter { $0.access != .write }.map(\.name))
            reply(call, .success([.stringVariantDict(values.filter { readable.contains($0.0) })]))
        case ("Set", "ssv"):
            guard let interfaceName = args[0].string, let name = args[1].string, case let .variant(value) = args[2] else { return }
            handleSet(call, object, interfaceName, name, value)
        case ("Get", _), ("GetAll", _), ("Set", _):
            reply(call, .failure(.remote(name: DBusErrorName.invalidArgs,
                                         message: "Invalid arguments for Properties.\(call.member): got '\(args.signature)'")))
        default:
            replyUnknownMethod(call)
        }
    }

    private func handleSet(_ call: IncomingCall, _ object: DBusObject, _ interfaceName: String, _ name: String, _ value: DBusValue) {
        let property: DBusProperty
        switch lookup(object, interfaceName, name) {
        case let .failure(error): return reply(call, .failure(error))
        case let .success(found): property = found
        }
        guard property.access != .read else {
            return reply(call, .failure(.remote(name: DBusErrorName.propertyReadOnly, message: "Property '\(name)' is not writable")))
        }
        guard value.signature == property.signature else {
            return reply(call, .failure(.remote(name: DBusErrorName.invalidArgs,
                message: "Property '\(name)' has type '\(property.signature)', got '\(value.signature)'")))
        }
        runHandler { [self] in
            do throws(DBusError) {
                try await property.set?(value)
                try object.storeRemoteWrite(interfaceName, name, value)
                reply(call, .success([]))
            } catch {
                reply(call, .failure(error))
            }
        }
    }

    private func lookup(_ object: DBusObject, _ interfaceName: String, _ name: String) -> Result<DBusProperty, DBusError> {
        guard let interface = object.interface(named: interfaceName) else { return .failure(Self.noSuchInterface(interfaceName)) }
        guard let property = interface.property(named: name) else { return .failure(Self.noSuchProperty(name)) }
        return .success(property)
    }

    static func noSuchInterface(_ name: String) -> DBusError {
        .remote(name: DBusErrorName.invalidArgs, message: "No such interface '\(name)'")
    }

    static func noSuchProperty(_ name: String) -> DBusError {
        .remote(name: DBusErrorName.invalidArgs, message: "No such property '\(name)'")
    }
}
