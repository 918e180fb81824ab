/// Every resource identifier of one reading's entries, computed once (``PhdMapping/identifiers(for:phdIdentifier:)``)
/// when the reading is committed, stored with its outbox row, and handed back to
/// ``PhdMapping/entries(for:identifiers:)`` at every send: a retry can never produce another identifier,
/// so the server's conditional creates make re-sends harmless. Codable: store it as JSON.
public struct ReadingIdentifiers: Codable, Hashable, Sendable {
    /// One Observation's identifier (system ``PhdObservationIdentifier/system``), by its MDC code.
    public struct ObservationIdentifier: Codable, Hashable, Sendable {
        public var mdc: Int
        public var value: String
        public init(mdc: Int, value: String) {
            self.mdc = mdc
            self.value = value
        }
    }

    /// A Device identifier: SYSID (EUI-64) or BTMAC (EUI-48).
    public struct DeviceIdentifier: Codable, Hashable, Sendable {
        /// `SYSID` or `BTMAC` (ContinuaDeviceIdentifiers).
        public var type: String
        public var system: String
        /// Upper-case hex bytes separated by dashes.
        public var value: String
        public init(type: String, system: String, value: String) {
            self.type = type
            self.system = system
            self.value = value
        }
    }

    /// The value Observations, the main one (the stored PHD identifier) first.
    public var observations: [ObservationIdentifier]
    /// The cuff status observation (8410608), when the cuff sent a status.
    public var measurementStatus: String?
    /// The coincident timestamp observation (system ``CareHubURI/coincidentTimeStampIdentifier``).
    public var coincidentTimeStamp: String?
    /// The DetectedIssue of a deviating reading (system ``CareHubURI/assessmentIdentifier``).
    public var detectedIssue: String?
    /// The cuff, scale or meter.
    public var phdDevice: DeviceIdentifier
    /// The hub.
    public var phgDevice: DeviceIdentifier

    /// Creates the set.
    public init(
        observations: [ObservationIdentifier], measurementStatus: String?, coincidentTimeStamp: String?,
        detectedIssue: String?, phdDevice: DeviceIdentifier, phgDevice: DeviceIdentifier
    ) {
        self.observations = observations
        self.measurementStatus = measurementStatus
        self.coincidentTimeStamp = coincidentTimeStamp
        self.detectedIssue = detectedIssue
        self.phdDevice = phdDevice
        self.phgDevice = phgDevice
    }

    /// The identifier of the Observation with MDC code `mdc`.
    public func observation(_ mdc: Int) -> String? { observations.first { $0.mdc == mdc }?.value }

    /// `urn:uuid:` of the v5 UUID of `<system>|<value>`: the entry's fullUrl.
    static func fullUrl(system: String, value: String) -> String {
        "urn:uuid:" + NameBasedUUID.v5(name: system + "|" + value)
    }

    /// `identifier=<system>|<value>`: the conditional create's search.
    static func ifNoneExist(system: String, value: String) -> String { "identifier=\(system)|\(value)" }
}
