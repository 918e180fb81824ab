import DBus

/// The gateway's seam to bluetoothd: a typed view of org.bluez's objects, its change events, and
/// its operations. `BlueZDBusClient` implements it over D-Bus; tests of the gateway may substitute
/// another implementation. Every operation has a timeout and throws `BlueZError`.
public protocol BlueZClient: Sendable {
    /// A new stream of every event from now on (register before reading the view to miss nothing).
    func events() -> AsyncStream<BlueZEvent>
    /// A new stream of the values of one characteristic: one element per PropertiesChanged(Value),
    /// identical consecutive payloads included. Subscribe before `startNotify`.
    func values(of characteristic: ObjectPath) -> AsyncStream<[UInt8]>

    /// True while bluetoothd owns org.bluez and the view is built.
    func isBlueZRunning() async -> Bool
    func adapters() async -> [Adapter]
    func devices() async -> [Device]
    func device(at path: ObjectPath) async -> Device?
    /// The device with this address (case-insensitive), on any adapter.
    func device(address: String) async -> Device?
    func services(of device: ObjectPath) async -> [GattService]
    func characteristics(of device: ObjectPath) async -> [GattCharacteristic]
    func characteristic(at path: ObjectPath) async -> GattCharacteristic?
    func descriptors(of characteristic: ObjectPath) async -> [GattDescriptor]

    func setDiscoveryFilter(adapter: ObjectPath, _ filter: DiscoveryFilter, timeout: Duration) async throws(BlueZError)
    func startDiscovery(adapter: ObjectPath, timeout: Duration) async throws(BlueZError)
    func stopDiscovery(adapter: ObjectPath, timeout: Duration) async throws(BlueZError)
    func setPowered(adapter: ObjectPath, _ powered: Bool, timeout: Duration) async throws(BlueZError)

    /// Device1.Connect: returns when the ATT link is up, before services are resolved.
    func connect(device: ObjectPath, timeout: Duration) async throws(BlueZError)
    func disconnect(device: ObjectPath, timeout: Duration) async throws(BlueZError)
    /// Device1.Pair: uses the agent registered by this connection, else the default agent.
    func pair(device: ObjectPath, timeout: Duration) async throws(BlueZError)
    func cancelPairing(device: ObjectPath, timeout: Duration) async throws(BlueZError)
    func setTrusted(device: ObjectPath, _ trusted: Bool, timeout: Duration) async throws(BlueZError)
    /// Adapter1.RemoveDevice on the device's adapter: drops bond keys and the GATT cache.
    func removeDevice(_ device: ObjectPath, timeout: Duration) async throws(BlueZError)

    func readValue(characteristic: ObjectPath, offset: UInt16, timeout: Duration) async throws(BlueZError) -> [UInt8]
    func writeValue(characteristic: ObjectPath, _ value: [UInt8], type: WriteType, timeout: Duration) async throws(BlueZError)
    func readDescriptor(_ descriptor: ObjectPath, timeout: Duration) async throws(BlueZError) -> [UInt8]
    func startNotify(characteristic: ObjectPath, timeout: Duration) async throws(BlueZError)
    func stopNotify(characteristic: ObjectPath, timeout: Duration) async throws(BlueZError)

    /// Returns once the device has `ServicesResolved == true` (at once if it already has). Fails
    /// with `.linkLost` on disconnect, `.unknownObject` if the object vanishes, `.bluezNotRunning`
    /// if bluetoothd leaves, `.timeout`.
    func waitForServicesResolved(device: ObjectPath, timeout: Duration) async throws(BlueZError) -> Device
    /// Returns the device's characteristic `uuid` once its object exists (GATT objects may be
    /// announced just after ServicesResolved). Same failures as `waitForServicesResolved`.
    func waitForCharacteristic(device: ObjectPath, uuid: BluetoothUUID, timeout: Duration) async throws(BlueZError) -> GattCharacteristic
    /// Returns once a device with this address exists (e.g. its first advertisement).
    func waitForDevice(address: String, timeout: Duration) async throws(BlueZError) -> Device
    /// Returns once the device is not connected (at once if it is not, or is gone).
    func waitForDisconnect(device: ObjectPath, timeout: Duration) async throws(BlueZError)
    /// Returns once the device object is gone from the view (at once if it is), e.g. after
    /// `RemoveDevice`, whose reply may come before the view has seen InterfacesRemoved.
    func waitForRemoval(device: ObjectPath, timeout: Duration) async throws(BlueZError)
}

/// Default timeouts, chosen from bleak / bleak-retry-connector practice (bluez-clients.md §7).
public enum BlueZTimeouts {
    public static let call: Duration = .seconds(10)
    /// A Connect whose outcome is worth waiting for however long it takes (a technician's pairing).
    public static let connect: Duration = .seconds(20)
    /// One connect attempt of a device session, then `Disconnect` cancels it. LE connection set-up
    /// to a device that is advertising takes one advertising interval plus a connection event or
    /// two: tens to hundreds of ms (health devices advertise every 20–100 ms after a measurement,
    /// at most ~1.3 s in a slow phase), plus encryption with a stored key. Cuffs and scales
    /// advertise for only a few seconds after a measurement, so an attempt still pending after 5 s
    /// is aimed at a device that went quiet, and bluetoothd would hold the adapter's one LE Create
    /// Connection for 20 s or more while a device that advertises now waits.
    public static let connectAttempt: Duration = .seconds(5)
    /// Long enough for a technician to type a passkey (bluetoothd itself gives the agent 60 s).
    public static let pair: Duration = .seconds(90)
    public static let gatt: Duration = .seconds(15)
    public static let servicesResolved: Duration = .seconds(20)
}

extension BlueZClient {
    /// The adapter to use when none is configured: powered with the `central` role (bleak's rule),
    /// else any powered one, else the first.
    public func defaultAdapter() async -> Adapter? {
        let all = await adapters()
        return all.first { $0.powered && $0.roles.contains("central") } ?? all.first { $0.powered } ?? all.first
    }

    public func setDiscoveryFilter(adapter: ObjectPath, _ filter: DiscoveryFilter) async throws(BlueZError) {
        try await setDiscoveryFilter(adapter: adapter, filter, timeout: BlueZTimeouts.call)
    }
    public func startDiscovery(adapter: ObjectPath) async throws(BlueZError) {
        try await startDiscovery(adapter: adapter, timeout: BlueZTimeouts.call)
    }
    public func stopDiscovery(adapter: ObjectPath) async throws(BlueZError) {
        try await stopDiscovery(adapter: adapter, timeout: BlueZTimeouts.call)
    }
    public func connect(device: ObjectPath) async throws(BlueZError) {
        try await connect(device: device, timeout: BlueZTimeouts.connect)
    }
    public func disconnect(device: ObjectPath) async throws(BlueZError) {
        try await disconnect(device: device, timeout: BlueZTimeouts.call)
    }
    public func pair(device: ObjectPath) async throws(BlueZError) {
        try await pair(device: device, timeout: BlueZTimeouts.pair)
    }
    public func cancelPairing(device: ObjectPath) async throws(BlueZError) {
        try await cancelPairing(device: device, timeout: BlueZTimeouts.call)
    }
    public func setPowered(adapter: ObjectPath, _ powered: Bool) async throws(BlueZError) {
        try await setPowered(adapter: adapter, powered, timeout: BlueZTimeouts.call)
    }
    public func readDescriptor(_ descriptor: ObjectPath) async throws(BlueZError) -> [UInt8] {
        try await readDescriptor(descriptor, timeout: BlueZTimeouts.gatt)
    }
    public func setTrusted(device: ObjectPath, _ trusted: Bool) async throws(BlueZError) {
        try await setTrusted(device: device, trusted, timeout: BlueZTimeouts.call)
    }
    public func removeDevice(_ device: ObjectPath) async throws(BlueZError) {
        try await removeDevice(device, timeout: BlueZTimeouts.call)
    }
    public func readValue(characteristic: ObjectPath) async throws(BlueZError) -> [UInt8] {
        try await readValue(characteristic: characteristic, offset: 0, timeout: BlueZTimeouts.gatt)
    }
    public func writeValue(characteristic: ObjectPath, _ value: [UInt8], type: WriteType = .request) async throws(BlueZError) {
        try await writeValue(characteristic: characteristic, value, type: type, timeout: BlueZTimeouts.gatt)
    }
    public func startNotify(characteristic: ObjectPath) async throws(BlueZError) {
        try await startNotify(characteristic: characteristic, timeout: BlueZTimeouts.gatt)
    }
    public func stopNotify(characteristic: ObjectPath) async throws(BlueZError) {
        try await stopNotify(characteristic: characteristic, timeout: BlueZTimeouts.gatt)
    }
    public func waitForServicesResolved(device: ObjectPath) async throws(BlueZError) -> Device {
        try await waitForServicesResolved(device: device, timeout: BlueZTimeouts.servicesResolved)
    }
    public func waitForCharacteristic(device: ObjectPath, uuid: BluetoothUUID) async throws(BlueZError) -> GattCharacteristic {
        try await waitForCharacteristic(device: device, uuid: uuid, timeout: BlueZTimeouts.servicesResolved)
    }
}
