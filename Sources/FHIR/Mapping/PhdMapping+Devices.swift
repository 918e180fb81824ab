import HealthProfiles

extension PhdMapping {
    /// PhdDevice: the cuff, scale or meter, identified by its System ID (SYSID) when the hub read
    /// one, else by its Bluetooth address (BTMAC; PHD IG: "shall provide a transport address").
    static func phdDevice(
        _ info: PhdDeviceInfo, identifier: ReadingIdentifiers.DeviceIdentifier, specialization: (Int, String)
    ) -> Resource {
        var device = Device()
        device.meta = Meta(profile: [FHIRURI.phdProfile("PhdDevice")])
        device.identifier = [deviceIdentifierElement(identifier)]
        if identifier.type == "SYSID", let btmac = try? deviceIdentifier(address: info.address, systemID: nil) {
            device.identifier?.append(deviceIdentifierElement(btmac))
        }
        device.manufacturer = info.manufacturer
        device.serialNumber = info.serialNumber
        device.modelNumber = info.modelNumber
        device.type = DeviceCode.concept(DeviceCode.phd, text: "Personal Health Device")
        device.specialization = [Device.Specialization(systemType: DeviceCode.concept(specialization))]
        let versions = [
            (DeviceCode.firmwareRevision, "Firmware revision", info.firmwareRevision),
            (DeviceCode.hardwareRevision, "Hardware revision", info.hardwareRevision),
            (DeviceCode.softwareRevision, "Software revision", info.softwareRevision),
        ].compactMap { code, text, value in value.map { Device.Version(type: DeviceCode.concept(code, text: text), value: $0) } }
        device.version = versions.isEmpty ? nil : versions
        return .device(device)
    }

    /// PhgDevice: the hub (531981), the specialisations it forwards, its software and NTP time sync.
    static func phgDevice(_ hub: HubInfo, identifier: ReadingIdentifiers.DeviceIdentifier) -> Resource {
        var device = Device()
        device.meta = Meta(profile: [FHIRURI.phdProfile("PhgDevice")])
        device.identifier = [deviceIdentifierElement(identifier)]
        if identifier.type == "SYSID", let btmac = try? deviceIdentifier(address: hub.bluetoothAddress, systemID: nil) {
            device.identifier?.append(deviceIdentifierElement(btmac))
        }
        device.manufacturer = hub.manufacturer
        device.serialNumber = hub.serialNumber
        device.modelNumber = hub.modelNumber
        device.type = DeviceCode.concept(DeviceCode.phg, text: "Personal Health Gateway")
        device.specialization = [
            DeviceCode.pulseOximeter, DeviceCode.bloodPressure, DeviceCode.thermometer, DeviceCode.scale, DeviceCode.glucose,
            DeviceCode.bodyComposition,
        ].map { Device.Specialization(systemType: DeviceCode.concept($0)) }
        if let software = hub.softwareVersion {
            device.version = [Device.Version(type: DeviceCode.concept(DeviceCode.softwareRevision, text: "Software revision"), value: software)]
        }
        if hub.ntpSynchronised {
            var property = Device.Property(type: DeviceCode.concept(DeviceCode.timeSyncProtocol))
            property.valueCode = [DeviceCode.concept(DeviceCode.timeSyncNTPv4)]
            device.property = [property]
        }
        return .device(device)
    }

    static func deviceIdentifierElement(_ identifier: ReadingIdentifiers.DeviceIdentifier) -> Identifier {
        let display = identifier.type == "SYSID" ? "IEEE 11073 System Identifier" : "Bluetooth MAC Address"
        return Identifier(
            type: CodeableConcept(coding: [Coding(system: FHIRURI.continuaDeviceIdentifiers, code: identifier.type, display: display)]),
            system: identifier.system, value: identifier.value)
    }

    /// SYSID (EUI-64 text) when given, else BTMAC from the address; values as dash-separated upper-case hex.
    static func deviceIdentifier(
        address: String, systemID: String?
    ) throws(FHIRMappingError) -> ReadingIdentifiers.DeviceIdentifier {
        if let systemID {
            return .init(type: "SYSID", system: FHIRURI.sysidSystem, value: dashed(try hex(systemID, bytes: 8, what: "System ID")))
        }
        return .init(type: "BTMAC", system: FHIRURI.btmacSystem, value: dashed(try hex(address, bytes: 6, what: "Bluetooth address")))
    }

    /// Upper-case hex digits without separators; throws unless exactly `bytes` bytes.
    static func hex(_ text: String, bytes: Int, what: String) throws(FHIRMappingError) -> String {
        let digits = text.filter { $0 != ":" && $0 != "-" }.uppercased()
        guard digits.count == bytes * 2, digits.allSatisfy(\.isHexDigit) else {
            throw .invalidIdentifier("\(what) is not \(bytes) hex bytes")
        }
        return digits
    }

    static func dashed(_ hex: String) -> String {
        stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return String(hex[start..<hex.index(start, offsetBy: 2)])
        }.joined(separator: "-")
    }

    /// The EUI-64 of a DIS System ID: the 24-bit OUI, then the 40-bit manufacturer-defined
    /// identifier, most significant byte first (Bluetooth DIS: OUI 0x123456 with identifier
    /// 0xFFFE9ABCDE is System ID 0x123456FFFE9ABCDE). 16 hex digits.
    static func eui64(_ systemID: SystemID) -> String {
        let value = UInt64(systemID.organizationallyUniqueIdentifier & 0xFF_FFFF) << 40
            | systemID.manufacturerIdentifier & 0xFF_FFFF_FFFF
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
