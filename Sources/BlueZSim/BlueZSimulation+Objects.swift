// Property snapshots of adapters, devices and GATT objects, with bluetoothd's exact types.

extension BlueZSimulation {
    enum Location: Equatable {
        case manager
        case adapter(String)
        case device(BluetoothAddress)
        case service(BluetoothAddress, UInt16)
        case characteristic(BluetoothAddress, UInt16)
        case descriptor(BluetoothAddress, UInt16)
    }

    /// What an exported path refers to (nil if nothing is exported there).
    func locate(_ path: String) -> Location? {
        guard objects[path] != nil else { return nil }
        if path == "/org/bluez" { return .manager }
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "org", parts[1] == "bluez",
              let adapter = adapters.first(where: { $0.present && $0.name == parts[2] }) else { return nil }
        if parts.count == 3 { return .adapter(adapter.id) }
        guard let device = devices.values.first(where: { $0.adapterID == adapter.id && $0.address.pathComponent == parts[3] }) else {
            return nil
        }
        func handle(_ part: String, _ prefix: String) -> UInt16? {
            guard part.hasPrefix(prefix) else { return nil }
            return UInt16(part.dropFirst(prefix.count), radix: 16)
        }
        switch parts.count {
        case 4: return .device(device.address)
        case 5: return handle(parts[4], "service").map { .service(device.address, $0) }
        case 6: return handle(parts[5], "char").map { .characteristic(device.address, $0) }
        case 7: return handle(parts[6], "desc").map { .descriptor(device.address, $0) }
        default: return nil
        }
    }

    func adapterIndex(_ id: String) -> Int? { adapters.firstIndex { $0.id == id } }

    func devicePath(_ address: BluetoothAddress) -> String? {
        guard let device = devices[address], let index = adapterIndex(device.adapterID) else { return nil }
        return "\(adapters[index].path)/\(address.pathComponent)"
    }

    /// The object path of a device, as bluetoothd names it (nil if the device is unknown).
    public func path(of address: BluetoothAddress) -> String? { devicePath(address) }

    /// The object path of a characteristic of a device, by UUID.
    public func characteristicPath(_ address: BluetoothAddress, _ uuid: BluetoothUUID) -> String? {
        guard let device = devicePath(address), let node = peripherals[address]?.layout.characteristic(uuid: uuid) else { return nil }
        return GattLayout.characteristicPath(device: device, service: node.serviceHandle, node.handle)
    }

    func characteristicPath(_ address: BluetoothAddress, handle: UInt16) -> String? {
        guard let device = devicePath(address), let node = peripherals[address]?.layout.characteristic(handle: handle) else { return nil }
        return GattLayout.characteristicPath(device: device, service: node.serviceHandle, node.handle)
    }

    // MARK: snapshots

    func managerInterfaces() -> [String: [String: SimValue]] {
        [BlueZInterface.agentManager: [:], BlueZInterface.profileManager: [:]]
    }

    func adapterProperties(_ adapter: AdapterState) -> [String: SimValue] {
        [
            "Address": .string(adapter.spec.address.description),
            "AddressType": .string("public"),
            "Name": .string(adapter.spec.alias),
            "Alias": .string(adapter.alias),
            "Class": .uint32(0),
            "Connectable": .bool(adapter.connectable),
            "Powered": .bool(adapter.powered),
            "PowerState": .string(adapter.powered ? "on" : "off"),
            "Discoverable": .bool(adapter.discoverable),
            "DiscoverableTimeout": .uint32(adapter.discoverableTimeout),
            "Pairable": .bool(adapter.pairable),
            "PairableTimeout": .uint32(adapter.pairableTimeout),
            "Discovering": .bool(adapter.discovering),
            "UUIDs": .strings([0x1800, 0x1801, 0x180A, 0x110E, 0x110C].map { BluetoothUUID(short: $0).string }),
            "Modalias": .string("usb:v1D6Bp0246d0557"),
            "Roles": .strings(["central", "peripheral"]),
            "Manufacturer": .uint16(2),
            "Version": .byte(0x0C),
        ]
    }

    func deviceProperties(_ device: DeviceState, advertising: Bool) -> [String: SimValue] {
        guard let peripheral = peripherals[device.address], let adapter = adapterIndex(device.adapterID) else { return [:] }
        let spec = peripheral.spec
        var props: [String: SimValue] = [
            "Address": .string(currentAddress(device, spec).description),
            "AddressType": .string(currentAddressType(device, spec).rawValue),
            "Alias": .string(device.alias ?? spec.name ?? device.address.dashed),
            "Paired": .bool(device.paired),
            "Bonded": .bool(device.bonded),
            "Trusted": .bool(device.trusted),
            "Blocked": .bool(device.blocked),
            "LegacyPairing": .bool(false),
            "CablePairing": .bool(false),
            "Connected": .bool(device.connected),
            "UUIDs": .strings(deviceUUIDs(device)),
            "Adapter": .objectPath(adapters[adapter].path),
            "ServicesResolved": .bool(device.servicesResolved),
        ]
        if let name = spec.name { props["Name"] = .string(name) }
        if let appearance = spec.appearance { props["Appearance"] = .uint16(appearance) }
        if advertising {
            props.merge(advertProperties(spec)) { $1 }
        }
        return props
    }

    func advertProperties(_ spec: PeripheralSpec) -> [String: SimValue] {
        let jitter = peripherals[spec.address]?.rssiJitter ?? 0
        var props: [String: SimValue] = ["RSSI": .int16(spec.rssi + jitter), "AdvertisingFlags": .bytes([0x06])]
        if let tx = spec.txPower { props["TxPower"] = .int16(tx) }
        if !spec.manufacturerData.isEmpty {
            props["ManufacturerData"] = .dictUInt16(spec.manufacturerData.mapValues { .bytes($0) })
        }
        if !spec.serviceData.isEmpty {
            props["ServiceData"] = .dictString(Dictionary(uniqueKeysWithValues: spec.serviceData.map { ($0.key.string, SimValue.bytes($0.value)) }))
        }
        return props
    }

    func deviceUUIDs(_ device: DeviceState) -> [String] {
        guard let peripheral = peripherals[device.address] else { return [] }
        var uuids = Set(peripheral.spec.advertisedServices.map(\.string))
        if device.gattExported { uuids.formUnion(peripheral.layout.services.map(\.uuid.string)) }
        return uuids.sorted()
    }

    /// InterfacesAdded for every GATT object of a device, parents before children.
    func exportGatt(_ address: BluetoothAddress, services only: Set<UInt16>? = nil) {
        guard let device = devicePath(address), let peripheral = peripherals[address] else { return }
        let connected = devices[address]?.connected ?? false
        for service in peripheral.layout.services where only?.contains(service.handle) ?? true {
            let servicePath = GattLayout.servicePath(device: device, service.handle)
            export(servicePath, [BlueZInterface.service: [
                "UUID": .string(service.uuid.string), "Primary": .bool(true), "Device": .objectPath(device),
                "Includes": .objectPaths([]), "Handle": .uint16(service.handle),
            ]])
            for char in service.characteristics {
                let charPath = GattLayout.characteristicPath(device: device, service: service.handle, char.handle)
                var props: [String: SimValue] = [
                    "UUID": .string(char.uuid.string), "Service": .objectPath(servicePath),
                    "Flags": .strings(char.flags), "Handle": .uint16(char.handle),
                ]
                if char.canNotify {
                    props["Notifying"] = .bool(!(devices[address]?.notifySessions[char.handle] ?? []).isEmpty)
                }
                if char.flags.contains("write-without-response") { props["WriteAcquired"] = .bool(devices[address]?.writeAcquired[char.handle] != nil) }
                // Only with the notify flag (characteristic_notify_acquired_exists), not for indicate-only chars.
                if char.flags.contains("notify") { props["NotifyAcquired"] = .bool(devices[address]?.acquired[char.handle] != nil) }
                if connected { props["MTU"] = .uint16(UInt16(settings.mtu)) }
                export(charPath, [BlueZInterface.characteristic: props])
                for descriptor in char.descriptors {
                    export(GattLayout.descriptorPath(device: device, service: service.handle, characteristic: char.handle, descriptor.handle),
                           [BlueZInterface.descriptor: [
                               "UUID": .string(descriptor.uuid.string), "Characteristic": .objectPath(charPath),
                               "Handle": .uint16(descriptor.handle),
                           ]])
                }
            }
        }
    }

    /// Sets or removes `MTU` on every characteristic (present only while connected).
    func updateMTU(_ address: BluetoothAddress, connected: Bool) {
        guard let peripheral = peripherals[address] else { return }
        for char in peripheral.layout.characteristics {
            guard let path = characteristicPath(address, handle: char.handle) else { continue }
            if connected {
                set(path, BlueZInterface.characteristic, "MTU", .uint16(UInt16(settings.mtu)))
            } else {
                invalidate(path, BlueZInterface.characteristic, ["MTU"])
            }
        }
    }
}

extension PeripheralState {
    /// Readable values of the model's characteristics, from the scenario.
    static func initialValues(_ spec: PeripheralSpec, _ layout: GattLayout) -> [UInt16: [UInt8]] {
        let info = spec.deviceInformation
        let appearance = spec.appearance ?? (spec.model == .cuff ? 0x0380 : 0x0C80)
        let name = spec.name ?? (spec.model == .cuff ? "BP Cuff" : "Scale")
        let byUUID: [UInt16: [UInt8]] = [
            0x2A00: Array(name.utf8),
            0x2A01: [UInt8(appearance & 0xFF), UInt8(appearance >> 8)],
            0x2A04: [0x18, 0x00, 0x28, 0x00, 0x00, 0x00, 0xF4, 0x01],
            0x2A29: Array(info.manufacturer.utf8), 0x2A24: Array(info.model.utf8), 0x2A25: Array(info.serial.utf8),
            0x2A27: Array(info.hardware.utf8), 0x2A26: Array(info.firmware.utf8), 0x2A28: Array(info.software.utf8),
            0x2A23: Array(spec.address.bytes.reversed()[0..<3]) + [0xFE, 0xFF] + Array(spec.address.bytes.reversed()[3..<6]),
            0x2A19: [spec.batteryLevel],
            // 2026-01-01 00:00:00 until the hub writes the time
            0x2A2B: [0xEA, 0x07, 1, 1, 0, 0, 0, 4, 0, 0],
            0x2A08: [0xEA, 0x07, 1, 1, 0, 0, 0],
            0x2A49: [0x00, 0x00],
            0x2A9E: [0x01, 0x00, 0x00, 0x00],
        ]
        var values: [UInt16: [UInt8]] = [:]
        for char in layout.characteristics {
            if let short = char.uuid.short, let value = byUUID[short] { values[char.valueHandle] = value }
        }
        return values
    }
}

extension BlueZSimulation {
    /// The identity address once pairing resolved it, else the advertised one.
    func currentAddress(_ device: DeviceState, _ spec: PeripheralSpec) -> BluetoothAddress {
        device.identityResolved ? spec.identityAddress ?? device.address : device.address
    }

    func currentAddressType(_ device: DeviceState, _ spec: PeripheralSpec) -> PeripheralSpec.AddressType {
        device.identityResolved && spec.identityAddress != nil ? spec.identityAddressType : spec.addressType
    }

    /// A device known only by a resolvable private address: bluetoothd keeps it temporary (it never
    /// stores private addresses) until pairing reveals the identity.
    func isPrivateOnly(_ address: BluetoothAddress) -> Bool {
        peripherals[address]?.spec.identityAddress != nil && devices[address]?.identityResolved != true
    }

    /// Connect/Pair/Trusted make a device persistent, unless it is known only by a private address.
    func makePersistent(_ address: BluetoothAddress) {
        if !isPrivateOnly(address) { devices[address]?.temporary = false }
    }
}
