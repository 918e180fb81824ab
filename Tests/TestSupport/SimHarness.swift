import BlueZ
import BlueZSim
import DBus
import Foundation

/// A private dbus-daemon with the real simulator (`BlueZSimServer`, the code behind `bluez-sim`)
/// owning org.bluez, and a started `BlueZDBusClient` on its own connection.
public final class SimHarness: @unchecked Sendable {
    public let bus: PrivateBus
    public let server: BlueZSimServer
    public let client: BlueZDBusClient
    /// A connection for driving the simulator's control interface.
    public let control: DBusConnection

    public static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    public static let adapter: ObjectPath = "/org/bluez/hci0"
    public static let cuffAddress = "AA:BB:CC:DD:EE:01"
    public static let scaleAddress = "AA:BB:CC:DD:EE:02"
    public static let cuffPath: ObjectPath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_01"
    public static let scalePath: ObjectPath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_02"

    private init(bus: PrivateBus, server: BlueZSimServer, client: BlueZDBusClient, control: DBusConnection) {
        self.bus = bus
        self.server = server
        self.client = client
        self.control = control
    }

    /// Starts bus, simulator (scenario file under fixtures/scenarios) and client.
    public static func start(scenario: String = "cuff-and-scale.json") async throws -> SimHarness {
        let file = fixtures.appendingPathComponent("scenarios/\(scenario)").path
        return try await start(scenarioData: try Data(contentsOf: URL(fileURLWithPath: file)), file: file)
    }

    /// Starts with a scenario given inline (for situations no shipped scenario sets up).
    public static func start(scenarioData: Data, file: String = "inline.json") async throws -> SimHarness {
        let bus = try PrivateBus()
        let payloads = try PayloadLibrary.load(directory: fixtures.appendingPathComponent("payloads").path)
        let loaded = try ScenarioLoader.load(data: scenarioData, file: file, payloads: payloads)
        let server = try await BlueZSimServer.start(loaded, busAddress: bus.address)
        let connection = try await DBusConnection.connect(address: bus.address)
        let client = BlueZDBusClient(connection: connection)
        try await client.start()
        let control = try await DBusConnection.connect(address: bus.address)
        return SimHarness(bus: bus, server: server, client: client, control: control)
    }

    /// Calls a method of `org.carehub.BlueZSim1` (see `bluez-sim --help`).
    @discardableResult
    public func simControl(_ method: String, _ arguments: [DBusValue] = []) async throws -> [DBusValue] {
        try await control.call(destination: BlueZSimServer.controlName, path: "/", interface: BlueZSimServer.controlInterface,
                               method: method, arguments: arguments)
    }

    /// Injects a fault for a device, e.g. `connect-abort-by-local`.
    public func inject(_ fault: String, _ json: String) async throws {
        try await simControl("InjectFault", [.string(fault), .string(json)])
    }

    /// Discovery with the hub's filter until both scenario devices exist.
    public func discoverCuffAndScale() async throws {
        try await client.setDiscoveryFilter(adapter: Self.adapter,
                                            DiscoveryFilter(uuids: [.bloodPressureService, .weightScaleService]))
        try await client.startDiscovery(adapter: Self.adapter)
        _ = try await client.waitForDevice(address: Self.cuffAddress, timeout: .seconds(10))
        _ = try await client.waitForDevice(address: Self.scaleAddress, timeout: .seconds(10))
    }

    /// Exports and registers a pairing agent answering with `passkey`.
    public func startAgent(passkey: UInt32?) async throws -> (PairingAgent, RecordingDelegate) {
        let delegate = RecordingDelegate(passkey: passkey)
        let agent = PairingAgent(client: client, delegate: delegate)
        try await agent.start()
        return (agent, delegate)
    }

    public func stop() async {
        await client.stop()
        client.connection.close()
        control.close()
        await server.stop()
        bus.stop()
    }
}

/// A scripted technician: answers passkey requests with a fixed passkey and records every call.
public actor RecordingDelegate: AgentDelegate {
    public let passkey: UInt32?
    public private(set) var calls: [String] = []

    public init(passkey: UInt32?) {
        self.passkey = passkey
    }

    public func requestPasskey(device: AgentDevice) async throws(AgentRejection) -> UInt32 {
        calls.append("RequestPasskey \(device.address ?? "?")")
        guard let passkey else { throw .rejected }
        return passkey
    }

    public func displayPasskey(device: AgentDevice, passkey: UInt32, entered: UInt16) async {
        calls.append("DisplayPasskey \(passkey)")
    }

    public func requestConfirmation(device: AgentDevice, passkey: UInt32) async throws(AgentRejection) {
        calls.append("RequestConfirmation \(passkey)")
    }

    public func cancel() async {
        calls.append("Cancel")
    }

    public func release() async {
        calls.append("Release")
    }
}

/// Runs a BlueZ operation within the test's safety timeout.
public func within<T: Sendable>(_ seconds: Double = 15, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withTimeout(seconds, what, body)
}

/// A technician who never answers: RequestPasskey waits until bluetoothd sends Cancel.
public actor WaitingDelegate: AgentDelegate {
    private var pending: CheckedContinuation<Void, Never>?
    private var requested = false
    private var requestWaiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func requestPasskey(device: AgentDevice) async throws(AgentRejection) -> UInt32 {
        requested = true
        for waiter in requestWaiters { waiter.resume() }
        requestWaiters = []
        await withCheckedContinuation { pending = $0 }
        throw .canceled
    }

    public func requestConfirmation(device: AgentDevice, passkey: UInt32) async throws(AgentRejection) { throw .rejected }

    public func cancel() async {
        pending?.resume()
        pending = nil
    }

    /// Returns once a passkey has been requested.
    public func waitForRequest() async {
        if requested { return }
        await withCheckedContinuation { requestWaiters.append($0) }
    }
}
