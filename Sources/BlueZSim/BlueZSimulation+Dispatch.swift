// Routing of incoming method calls to the object they address.

extension BlueZSimulation {
    /// Handles a call from `sender` (a unique bus name) on `path`. The reply (now or later) comes
    /// out of `drainEffects()` as `.reply(id, …)`.
    @discardableResult
    public func handle(_ request: SimRequest, path: String, sender: String) -> CallID {
        let call = newCallID()
        let member = request.member
        guard daemonRunning, let location = locate(path) else {
            fail(call, .unknownObject(method: member.method, signature: member.signature, interface: member.interface))
            return call
        }
        switch (location, request) {
        case (.manager, .registerAgent(let agentPath, let capability)): registerAgent(call, sender, agentPath, capability)
        case (.manager, .unregisterAgent(let agentPath)): unregisterAgent(call, sender, agentPath)
        case (.manager, .requestDefaultAgent(let agentPath)): requestDefaultAgent(call, sender, agentPath)
        case (.manager, .registerProfile(let profilePath, _, _)):
            if profiles[sender, default: []].insert(profilePath).inserted { reply(call) } else { fail(call, .alreadyExists) }
        case (.manager, .unregisterProfile(let profilePath)):
            if profiles[sender]?.remove(profilePath) != nil { reply(call) } else { fail(call, .doesNotExist) }

        case (.adapter(let id), .startDiscovery): startDiscovery(call, sender, id)
        case (.adapter(let id), .stopDiscovery): stopDiscovery(call, sender, id)
        case (.adapter(let id), .setDiscoveryFilter(let filter)): setDiscoveryFilter(call, sender, id, filter)
        case (.adapter, .getDiscoveryFilters):
            reply(call, [.strings(["UUIDs", "RSSI", "Pathloss", "Transport", "DuplicateData", "Discoverable", "Pattern"])])
        case (.adapter(let id), .removeDevice(let devicePath)): removeDevice(call, id, devicePath)
        case (.adapter(let id), .connectDevice(let properties)) where settings.experimental: connectDevice(call, id, properties)
        case (.adapter, .registerApplication(let appPath, _)): registerApplication(call, sender, appPath)
        case (.adapter, .unregisterApplication(let appPath)): unregisterApplication(call, sender, appPath)
        case (.adapter(let id), .setProperty(BlueZInterface.adapter, let name, let value)): setAdapterProperty(call, id, name, value)

        case (.device(let address), .connect): connect(call, address)
        case (.device(let address), .disconnect): disconnect(call, address)
        case (.device(let address), .pair): pair(call, sender, address)
        case (.device(let address), .cancelPairing): cancelPairing(call, address)
        case (.device, .connectProfile), (.device, .disconnectProfile):
            fail(call, SimError(name: "org.bluez.Error.NotAvailable", message: "Operation currently not available"))
        case (.device(let address), .setProperty(BlueZInterface.device, let name, let value)): setDeviceProperty(call, address, name, value)

        case (.characteristic(let address, let handle), .readValue(let options)): readValue(call, address, handle, options)
        case (.characteristic(let address, let handle), .writeValue(let bytes, let options)): writeValue(call, address, handle, bytes, options)
        case (.characteristic(let address, let handle), .startNotify): startNotify(call, sender, address, handle)
        case (.characteristic(let address, let handle), .stopNotify): stopNotify(call, sender, address, handle)
        case (.characteristic(let address, let handle), .acquireNotify): acquireNotify(call, sender, address, handle)
        case (.characteristic(let address, let handle), .acquireWrite): acquireWrite(call, sender, address, handle)
        case (.characteristic, .setProperty(let interface, let name, _)), (.service, .setProperty(let interface, let name, _)),
             (.descriptor, .setProperty(let interface, let name, _)), (.manager, .setProperty(let interface, let name, _)):
            failSet(call, path, interface, name)
        case (.descriptor(let address, let handle), .readValue(let options)): readDescriptor(call, address, handle, options)
        case (.descriptor(let address, let handle), .writeValue(let bytes, _)): writeDescriptor(call, address, handle, bytes)

        case (_, .setProperty(let interface, let name, _)): failSet(call, path, interface, name)
        default:
            fail(call, .unknownMethod(method: member.method, signature: member.signature, interface: member.interface))
        }
        return call
    }

    private func failSet(_ call: CallID, _ path: String, _ interface: String, _ name: String) {
        if objects[path]?[interface]?[name] != nil {
            fail(call, .propertyReadOnly(name))
        } else {
            fail(call, .unknownProperty(name))
        }
    }

    private func setAdapterProperty(_ call: CallID, _ id: String, _ name: String, _ value: SimValue) {
        guard let index = adapterIndex(id) else { return fail(call, .doesNotExist) }
        let path = adapters[index].path
        let typeError = SimError(name: "org.freedesktop.DBus.Error.InvalidArgs", message: "Invalid argument type: '\(value.signature)'")
        switch (name, value) {
        case ("Alias", .string(let alias)):
            adapters[index].alias = alias.isEmpty ? adapters[index].spec.alias : alias
            set(path, BlueZInterface.adapter, "Alias", .string(adapters[index].alias))
        case ("Powered", .bool(let on)):
            setPowered(id, on)
        case ("Discoverable", .bool(let on)):
            adapters[index].discoverable = on
            set(path, BlueZInterface.adapter, "Discoverable", .bool(on))
        case ("Pairable", .bool(let on)):
            adapters[index].pairable = on
            set(path, BlueZInterface.adapter, "Pairable", .bool(on))
        case ("Connectable", .bool(let on)):
            adapters[index].connectable = on
            set(path, BlueZInterface.adapter, "Connectable", .bool(on))
        case ("DiscoverableTimeout", .uint32(let seconds)):
            adapters[index].discoverableTimeout = seconds
            set(path, BlueZInterface.adapter, "DiscoverableTimeout", .uint32(seconds))
        case ("PairableTimeout", .uint32(let seconds)):
            adapters[index].pairableTimeout = seconds
            set(path, BlueZInterface.adapter, "PairableTimeout", .uint32(seconds))
        case ("Alias", _), ("Powered", _), ("Discoverable", _), ("Pairable", _), ("Connectable", _),
             ("DiscoverableTimeout", _), ("PairableTimeout", _):
            return fail(call, typeError)
        default:
            return failSet(call, path, BlueZInterface.adapter, name)
        }
        reply(call)
    }

    private func setDeviceProperty(_ call: CallID, _ address: BluetoothAddress, _ name: String, _ value: SimValue) {
        guard let path = devicePath(address) else { return fail(call, .doesNotExist) }
        let typeError = SimError(name: "org.freedesktop.DBus.Error.InvalidArgs", message: "Invalid argument type: '\(value.signature)'")
        switch (name, value) {
        case ("Alias", .string(let alias)):
            devices[address]?.alias = alias.isEmpty ? nil : alias
            if let device = devices[address] {
                set(path, BlueZInterface.device, "Alias", .string(device.alias ?? peripherals[address]?.spec.name ?? address.dashed))
            }
        case ("Trusted", .bool(let on)):
            devices[address]?.trusted = on
            if on { makePersistent(address) }
            set(path, BlueZInterface.device, "Trusted", .bool(on))
        case ("Blocked", .bool(let on)):
            devices[address]?.blocked = on
            if on, devices[address]?.connected == true { linkDown(address, reason: .local) }
            set(path, BlueZInterface.device, "Blocked", .bool(on))
        case ("Alias", _), ("Trusted", _), ("Blocked", _):
            return fail(call, typeError)
        default:
            return failSet(call, path, BlueZInterface.device, name)
        }
        reply(call)
    }
}
