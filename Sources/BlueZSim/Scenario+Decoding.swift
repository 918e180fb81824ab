// Strict Codable decoding of scenario files: unknown keys, malformed addresses/UUIDs/hex and
// negative delays are errors that name the JSON path.

extension Scenario: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case description, settings, adapters, peripherals, faults, load }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        settings = try c.decodeIfPresent(SimSettings.self, forKey: .settings) ?? SimSettings()
        adapters = try c.decodeIfPresent([AdapterSpec].self, forKey: .adapters) ?? [AdapterSpec()]
        peripherals = try c.decodeIfPresent([PeripheralSpec].self, forKey: .peripherals) ?? []
        faults = try c.decodeIfPresent([FaultSpec].self, forKey: .faults) ?? []
        load = try c.decodeIfPresent(LoadSpec.self, forKey: .load)
    }
}

extension SimSettings: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case temporaryTimeoutMs, scanStartDelayMs, connectDelayMs, connectTimeoutMs, serviceDiscoveryDelayMs
        case cachedServiceDiscoveryDelayMs, pairingDelayMs, agentTimeoutMs, cache, disconnectedSignal, mtu
        case restartDowntimeMs, advertReportIntervalMs, servicesResolvedEarly, coalesceProperties, experimental
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        temporaryTimeoutMs = try c.milliseconds(.temporaryTimeoutMs) ?? temporaryTimeoutMs
        scanStartDelayMs = try c.milliseconds(.scanStartDelayMs) ?? scanStartDelayMs
        connectDelayMs = try c.milliseconds(.connectDelayMs) ?? connectDelayMs
        connectTimeoutMs = try c.milliseconds(.connectTimeoutMs) ?? connectTimeoutMs
        serviceDiscoveryDelayMs = try c.milliseconds(.serviceDiscoveryDelayMs) ?? serviceDiscoveryDelayMs
        cachedServiceDiscoveryDelayMs = try c.milliseconds(.cachedServiceDiscoveryDelayMs) ?? cachedServiceDiscoveryDelayMs
        pairingDelayMs = try c.milliseconds(.pairingDelayMs) ?? pairingDelayMs
        agentTimeoutMs = try c.milliseconds(.agentTimeoutMs) ?? agentTimeoutMs
        restartDowntimeMs = try c.milliseconds(.restartDowntimeMs) ?? restartDowntimeMs
        if let interval = try c.milliseconds(.advertReportIntervalMs) {
            guard interval > 0 else { throw c.invalid(.advertReportIntervalMs, "must be > 0") }
            advertReportIntervalMs = interval
        }
        if let text = try c.decodeIfPresent(String.self, forKey: .cache) {
            guard let mode = CacheMode(rawValue: text) else { throw c.invalid(.cache, "'\(text)' is not one of: always, no") }
            cache = mode
        }
        disconnectedSignal = try c.decodeIfPresent(Bool.self, forKey: .disconnectedSignal) ?? disconnectedSignal
        servicesResolvedEarly = try c.decodeIfPresent(Bool.self, forKey: .servicesResolvedEarly) ?? servicesResolvedEarly
        coalesceProperties = try c.decodeIfPresent(Bool.self, forKey: .coalesceProperties) ?? coalesceProperties
        experimental = try c.decodeIfPresent(Bool.self, forKey: .experimental) ?? experimental
        if let mtu = try c.decodeIfPresent(Int.self, forKey: .mtu) {
            guard (23...517).contains(mtu) else { throw c.invalid(.mtu, "must be 23...517, got \(mtu)") }
            self.mtu = mtu
        }
    }
}

extension AdapterSpec: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, address, alias, powered, maxConnections }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        if let name = try c.decodeIfPresent(String.self, forKey: .name) {
            guard name.hasPrefix("hci"), let index = Int(name.dropFirst(3)), index >= 0 else {
                throw c.invalid(.name, "'\(name)' is not an adapter name like hci0")
            }
            self.name = name
        }
        if c.contains(.address) { address = try c.address(.address) }
        alias = try c.decodeIfPresent(String.self, forKey: .alias) ?? alias
        powered = try c.decodeIfPresent(Bool.self, forKey: .powered) ?? powered
        if let limit = try c.decodeIfPresent(Int.self, forKey: .maxConnections) {
            guard limit >= 1 else { throw c.invalid(.maxConnections, "must be >= 1, got \(limit)") }
            maxConnections = limit
        }
    }
}

extension PeripheralSpec: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case address, addressType, adapter, model, name, appearance, rssi, txPower, manufacturerData, serviceData
        case advertisedServices, advertising, pairing, paired, deviceInformation, batteryLevel, readings
        case timeWriteRequired, indicationSpacingMs, disconnectAfterBurstMs, keepReadings, securityRequired, connectedAtStart
        case identityAddress, identityAddressType, commandService
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let address = try c.address(.address)
        let modelText = try c.decode(String.self, forKey: .model)
        guard let model = Model(rawValue: modelText) else {
            throw c.invalid(.model, "'\(modelText)' is not one of: cuff, scale")
        }
        self.init(address: address, model: model)
        if let text = try c.decodeIfPresent(String.self, forKey: .addressType) {
            guard let type = AddressType(rawValue: text) else { throw c.invalid(.addressType, "'\(text)' is not one of: public, random") }
            addressType = type
        }
        if c.contains(.identityAddress) {
            guard addressType == .random else { throw c.invalid(.identityAddress, "needs \"addressType\": \"random\" (a resolvable private address)") }
            identityAddress = try c.address(.identityAddress)
        }
        if let text = try c.decodeIfPresent(String.self, forKey: .identityAddressType) {
            guard identityAddress != nil else { throw c.invalid(.identityAddressType, "needs identityAddress") }
            guard let type = AddressType(rawValue: text) else { throw c.invalid(.identityAddressType, "'\(text)' is not one of: public, random") }
            identityAddressType = type
        }
        adapter = try c.decodeIfPresent(String.self, forKey: .adapter) ?? adapter
        name = try c.decodeIfPresent(String.self, forKey: .name)
        appearance = try c.decodeIfPresent(UInt16.self, forKey: .appearance)
        if let rssi = try c.decodeIfPresent(Int16.self, forKey: .rssi) {
            guard (-127...20).contains(rssi) else { throw c.invalid(.rssi, "must be -127...20 dBm, got \(rssi)") }
            self.rssi = rssi
        }
        txPower = try c.decodeIfPresent(Int16.self, forKey: .txPower)
        if let data = try c.decodeIfPresent([String: String].self, forKey: .manufacturerData) {
            for (key, value) in data {
                guard let id = parseCompanyID(key) else {
                    throw c.invalid(.manufacturerData, "key '\(key)' is not a 16-bit company id (decimal or 0x-hex)")
                }
                manufacturerData[id] = try c.hexBytes(value, .manufacturerData)
            }
        }
        if let data = try c.decodeIfPresent([String: String].self, forKey: .serviceData) {
            for (key, value) in data {
                serviceData[try c.uuid(key, .serviceData)] = try c.hexBytes(value, .serviceData)
            }
        }
        if let services = try c.decodeIfPresent([String].self, forKey: .advertisedServices) {
            advertisedServices = try services.map { try c.uuid($0, .advertisedServices) }
        }
        advertising = try c.decodeIfPresent([AdvertisingWindow].self, forKey: .advertising)
        pairing = try c.decodeIfPresent(PairingSpec.self, forKey: .pairing) ?? pairing
        paired = try c.decodeIfPresent(Bool.self, forKey: .paired) ?? paired
        connectedAtStart = try c.decodeIfPresent(Bool.self, forKey: .connectedAtStart) ?? connectedAtStart
        deviceInformation = try c.decodeIfPresent(DeviceInformation.self, forKey: .deviceInformation) ?? deviceInformation
        if let level = try c.decodeIfPresent(Int.self, forKey: .batteryLevel) {
            guard (0...100).contains(level) else { throw c.invalid(.batteryLevel, "must be 0...100 %, got \(level)") }
            batteryLevel = UInt8(level)
        }
        readings = try c.decodeIfPresent([ReadingSpec].self, forKey: .readings) ?? []
        timeWriteRequired = try c.decodeIfPresent(Bool.self, forKey: .timeWriteRequired) ?? timeWriteRequired
        indicationSpacingMs = try c.milliseconds(.indicationSpacingMs) ?? indicationSpacingMs
        disconnectAfterBurstMs = try c.milliseconds(.disconnectAfterBurstMs)
        keepReadings = try c.decodeIfPresent(Bool.self, forKey: .keepReadings) ?? keepReadings
        securityRequired = try c.decodeIfPresent(Bool.self, forKey: .securityRequired) ?? securityRequired
        commandService = try c.decodeIfPresent(Bool.self, forKey: .commandService) ?? commandService
    }
}

func parseCompanyID(_ text: String) -> UInt16? {
    let lower = text.lowercased()
    if lower.hasPrefix("0x") { return UInt16(lower.dropFirst(2), radix: 16) }
    return UInt16(lower)
}

extension AdvertisingWindow: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case startMs, durationMs }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(startMs: try c.milliseconds(.startMs) ?? 0, durationMs: try c.milliseconds(.durationMs))
    }
}

extension PairingSpec: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case method, passkey, pairingMode }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        if let text = try c.decodeIfPresent(String.self, forKey: .method) {
            guard let method = Method(rawValue: text) else {
                let all = Method.allCases.map(\.rawValue).joined(separator: ", ")
                throw c.invalid(.method, "'\(text)' is not one of: \(all)")
            }
            self.method = method
        }
        if let passkey = try c.decodeIfPresent(Int.self, forKey: .passkey) {
            guard (0...999_999).contains(passkey) else { throw c.invalid(.passkey, "must be 0...999999, got \(passkey)") }
            self.passkey = UInt32(passkey)
        }
        pairingMode = try c.decodeIfPresent(Bool.self, forKey: .pairingMode) ?? pairingMode
    }
}

extension DeviceInformation: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case manufacturer, model, serial, hardware, firmware, software }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        manufacturer = try c.decodeIfPresent(String.self, forKey: .manufacturer) ?? manufacturer
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? model
        serial = try c.decodeIfPresent(String.self, forKey: .serial) ?? serial
        hardware = try c.decodeIfPresent(String.self, forKey: .hardware) ?? hardware
        firmware = try c.decodeIfPresent(String.self, forKey: .firmware) ?? firmware
        software = try c.decodeIfPresent(String.self, forKey: .software) ?? software
    }
}

extension ReadingSpec: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case fixture, hex, characteristic }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        fixture = try c.decodeIfPresent(String.self, forKey: .fixture)
        if let text = try c.decodeIfPresent(String.self, forKey: .hex) { hex = try c.hexBytes(text, .hex) }
        if let text = try c.decodeIfPresent(String.self, forKey: .characteristic) {
            characteristic = try c.uuid(text, .characteristic)
        }
        guard (fixture == nil) != (hex == nil) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "give exactly one of 'fixture' or 'hex'"))
        }
    }
}

extension LoadSpec: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case device, count, rateHz, logFile, reading, startOnSubscribe }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let count = try c.decode(Int.self, forKey: .count)
        guard count > 0 else { throw c.invalid(.count, "must be > 0, got \(count)") }
        let rate = try c.decode(Double.self, forKey: .rateHz)
        guard rate > 0, rate <= 100_000 else { throw c.invalid(.rateHz, "must be in (0, 100000] Hz, got \(rate)") }
        self.init(device: try c.address(.device), count: count, rateHz: rate)
        logFile = try c.decodeIfPresent(String.self, forKey: .logFile)
        reading = try c.decodeIfPresent(ReadingSpec.self, forKey: .reading)
        startOnSubscribe = try c.decodeIfPresent(Bool.self, forKey: .startOnSubscribe) ?? startOnSubscribe
    }
}

extension FaultSpec: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case fault, device, adapter, count, atMs, delayMs, message, characteristic, code, reason, returnAfterMs, returnAs
        case serviceChanged
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .fault)
        guard let kind = Kind(rawValue: text) else {
            throw c.invalid(.fault, "unknown fault '\(text)' (known: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.init(kind: kind)
        if c.contains(.device) { device = try c.address(.device) }
        adapter = try c.decodeIfPresent(String.self, forKey: .adapter)
        if let count = try c.decodeIfPresent(Int.self, forKey: .count) {
            guard count > 0 else { throw c.invalid(.count, "must be > 0, got \(count)") }
            self.count = count
        }
        atMs = try c.milliseconds(.atMs)
        delayMs = try c.milliseconds(.delayMs)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        if let text = try c.decodeIfPresent(String.self, forKey: .characteristic) {
            characteristic = try c.uuid(text, .characteristic)
        }
        code = try c.decodeIfPresent(UInt8.self, forKey: .code)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        returnAfterMs = try c.milliseconds(.returnAfterMs)
        returnAs = try c.decodeIfPresent(String.self, forKey: .returnAs)
        serviceChanged = try c.decodeIfPresent(Bool.self, forKey: .serviceChanged) ?? serviceChanged
        try validateFields(c)
    }

    private func validateFields(_ c: KeyedDecodingContainer<CodingKeys>) throws {
        switch kind {
        case .connectAbortByLocal, .connectTimeout, .connectInProgress, .bondLost, .pairRejected, .disconnect, .firmwareUpdate:
            guard device != nil else { throw c.invalid(.fault, "fault '\(kind.rawValue)' needs 'device'") }
        case .connectFailed:
            guard device != nil, let message else { throw c.invalid(.fault, "fault 'connect-failed' needs 'device' and 'message'") }
            guard message.hasPrefix("le-connection-") || message.hasPrefix("br-connection-") else {
                throw c.invalid(.message, "'\(message)' is not a bluetoothd connection error string (le-connection-*)")
            }
        case .servicesDelay:
            guard device != nil, delayMs != nil else { throw c.invalid(.fault, "fault 'services-delay' needs 'device' and 'delayMs'") }
        case .attError:
            guard device != nil, characteristic != nil, code != nil else {
                throw c.invalid(.fault, "fault 'att-error' needs 'device', 'characteristic' and 'code'")
            }
        case .adapterRemove, .adapterRestore, .restart, .crash, .controllerStuck:
            break
        }
        if let reason, !["remote", "timeout", "local"].contains(reason) {
            throw c.invalid(.reason, "'\(reason)' is not one of: remote, timeout, local")
        }
    }
}
