import ControlAPI
import DBus
import Foundation
import GatewayStore
import TestSupport

/// The technician's side of pairing: answers the cuff's passkey.
actor Technician: PairingDelegate {
    let passkey: UInt32?
    init(passkey: UInt32?) { self.passkey = passkey }
    func enterPasskey(for device: PairingDevice) async -> UInt32? { passkey }
    func progress(_ message: String) async {}
}

/// One patient's hub: a private bus with bluez-sim holding the given devices, and the built
/// `carehubd` forwarding to a store with its own token, its devices paired and assigned through
/// the control API as a technician does it.
final class HubProcess: Sendable {
    static let executable = BuiltProduct.path("carehubd")
    let sim: SimHarness
    let daemon: ChildProcess
    let database: String
    let control: RemoteGatewayControl

    static func start(directory: URL, scenario: Data, storeURL: String, token: String) async throws -> HubProcess {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sim = try await SimHarness.start(scenarioData: scenario)
        let database = directory.appendingPathComponent("hub.sqlite").path
        let tokenFile = directory.appendingPathComponent("token")
        FileManager.default.createFile(atPath: tokenFile.path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600])
        let config = directory.appendingPathComponent("carehubd.toml")
        try """
            database = "\(database)"
            [display]
            port = 0
            [forwarding]
            url = "\(storeURL)"
            token_file = "\(tokenFile.path)"
            poll_interval = 10
            """.write(to: config, atomically: true, encoding: .utf8)
        let watcher = try await DBusConnection.connect(address: sim.bus.address)
        let owners = watcher.nameOwnerChanges(ControlBus.busName)
        let daemon = try ChildProcess(executable, ["--config", config.path], environment: [
            "DBUS_SYSTEM_BUS_ADDRESS": sim.bus.address, "JOURNAL_STREAM": "", "NOTIFY_SOCKET": "", "WATCHDOG_USEC": "",
        ])
        if await RemoteGatewayControl.ifRunning(on: watcher) == nil {
            _ = try await next(owners.filter { $0 != nil }, "carehubd on the bus", timeout: 60)
        }
        let control = RemoteGatewayControl(connection: watcher)
        try await waitUntil("carehubd attached to the simulated adapter", within: 30) { try await control.status().adapter == "hci0" }
        return HubProcess(sim: sim, daemon: daemon, database: database, control: control)
    }

    private init(sim: SimHarness, daemon: ChildProcess, database: String, control: RemoteGatewayControl) {
        self.sim = sim
        self.daemon = daemon
        self.database = database
        self.control = control
    }

    /// Pairs the device and assigns it to `patient`, as `carehub pair` and `carehub assign` do.
    func enrol(_ address: String, patient: String, passkey: UInt32?) async throws {
        _ = try await control.pair(address: address, delegate: Technician(passkey: passkey), technician: "tech-1")
        _ = try await control.assign(address: address, patient: patient, userIndex: nil, technician: "tech-1")
    }

    /// The readings the hub stored, newest first.
    func readings() throws -> [StoredReading] {
        try HubStore.openReadOnly(path: database).recentReadings(limit: 1000)
    }

    /// The display page's port, from the daemon's "display page listening" line.
    func displayPort() throws -> Int? {
        let log = daemon.error + daemon.output
        guard let line = log.split(separator: "\n").first(where: { $0.contains("display page listening address=") }),
              let range = line.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression)
        else { return nil }
        return Int(line[range].split(separator: ":").last ?? "")
    }

    /// What the display page shows now (`/state.json`).
    func displayState() async throws -> String {
        guard let port = try displayPort() else { throw ChildProcessError("no display page in carehubd's log:\n\(daemon.error.suffix(3000))") }
        return try await StoreProcess.get(url: "http://127.0.0.1:\(port)/state.json").body
    }

    func stop() async -> Int32? {
        let status = await daemon.terminate(within: 20)
        await sim.stop()
        return status
    }
}
