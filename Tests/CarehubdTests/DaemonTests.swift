import DBus
import Foundation
import ControlAPI
import GatewayStore
import Logging
import TestSupport
import Testing

/// The technician's side of pairing in a test: answers the cuff's passkey, records progress.
actor ScriptedTechnician: PairingDelegate {
    let passkey: UInt32?
    var messages: [String] = []

    init(passkey: UInt32?) {
        self.passkey = passkey
    }

    func enterPasskey(for device: PairingDevice) async -> UInt32? { passkey }
    func progress(_ message: String) async { messages.append(message) }
}

/// `carehubd` as a process on a private bus with bluez-sim: the control API, pairing through it,
/// stored readings, the display page, and a clean stop on SIGTERM.
@Suite("carehubd as a process", .serialized)
struct DaemonTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehubd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Starts the daemon and waits until it owns org.carehub.Gateway.
    func startDaemon(_ sim: SimHarness, database: String) async throws -> (DaemonProcess, RemoteGatewayControl) {
        let watcher = try await DBusConnection.connect(address: sim.bus.address)
        let owners = watcher.nameOwnerChanges(ControlBus.busName)
        let daemon = try DaemonProcess(["--database", database, "--display-port", "0"], busAddress: sim.bus.address, directory: directory)
        if await RemoteGatewayControl.ifRunning(on: watcher) == nil {
            _ = try await next(owners.filter { $0 != nil }, "carehubd on the bus", timeout: 30)
        }
        return (daemon, RemoteGatewayControl(connection: watcher))
    }

    @Test("A technician pairs and assigns through the running daemon; the cuff's readings are stored; SIGTERM stops it cleanly")
    func pairAssignStore() async throws {
        let sim = try await SimHarness.start()
        defer { sim.bus.stop() }
        let database = directory.appendingPathComponent("hub.sqlite").path
        let (daemon, control) = try await startDaemon(sim, database: database)

        let status = try await control.status()
        #expect(status.bluezRunning)
        #expect(status.adapter == "hci0")
        #expect(status.version == CareHubVersion.current)
        #expect(status.pairedDevices == 0)

        let technician = ScriptedTechnician(passkey: 246_810)
        let cuff = try await control.pair(address: SimHarness.cuffAddress, delegate: technician, technician: "ignored")
        #expect(cuff.kind == "cuff")
        #expect(cuff.pairedBy == "root" || cuff.pairedBy.hasPrefix("uid ") || !cuff.pairedBy.isEmpty)
        #expect(await technician.messages.contains { $0.hasPrefix("Done:") })

        // The unassigned scale: connected for the test only, nothing stored.
        _ = try await control.pair(address: SimHarness.scaleAddress, delegate: ScriptedTechnician(passkey: nil), technician: "ignored")
        let test = try await control.waitForReading(address: SimHarness.scaleAddress, timeout: .seconds(30))
        #expect(test.characteristic == "2A9D")
        #expect(test.measurementJSON.contains("\"type\":\"weight\""))
        guard case .notStored = test.outcome else {
            Issue.record("an unassigned device's test reading was \(test.outcome)")
            return
        }

        let assigned = try await control.assign(address: SimHarness.cuffAddress, patient: "P-DAEMON-1", userIndex: nil, technician: "ignored")
        #expect(assigned.assignments.map(\.patient) == ["P-DAEMON-1"])
        let reader = try HubStore.openReadOnly(path: database)
        try await eventually("the cuff's three stored readings in the daemon's database") {
            try reader.recentReadings(limit: 10).count == 3
        }
        let readings = try reader.recentReadings(limit: 10)
        #expect(readings.allSatisfy { $0.reading.patientID == "P-DAEMON-1" && $0.reading.kind == .bloodPressure })
        #expect(readings.allSatisfy { $0.assessment != nil })
        #expect(try await control.status().assignedDevices == 1)

        #expect(await daemon.terminate() == 0)
        #expect(daemon.log.contains("carehubd stopped"))
        #expect(!daemon.log.contains("P-DAEMON-1"), "the patient id must not be logged at the default level")
    }

    @Test("A second daemon on the same bus refuses to start and says why")
    func secondDaemonRefused() async throws {
        let sim = try await SimHarness.start()
        defer { sim.bus.stop() }
        let (first, _) = try await startDaemon(sim, database: directory.appendingPathComponent("one.sqlite").path)
        let second = try DaemonProcess(["--database", directory.appendingPathComponent("two.sqlite").path, "--display-port", "0"],
                                       busAddress: sim.bus.address, directory: directory)
        let status = await second.exitStatus(within: 20)
        #expect(status != nil && status != 0)
        #expect(second.log.contains("another carehubd") || second.log.contains("Another carehubd"))
        #expect(await first.terminate() == 0)
    }

    @Test("Config files: every key is checked, a typo names the key, --check-config shows the effective settings")
    func configFiles() throws {
        let good = directory.appendingPathComponent("good.json")
        try Data("""
            {"database": "/var/lib/carehub/test.sqlite", "language": "en", "time_zone": "Europe/Stockholm",
             "display": {"host": "127.0.0.1", "port": 8099}, "max_connections": 2, "log_level": "debug"}
            """.utf8).write(to: good)
        let shown = try DaemonProcess.run(["--config", good.path, "--check-config"])
        #expect(shown.status == 0)
        #expect(shown.output.contains("/var/lib/carehub/test.sqlite"))
        #expect(shown.output.contains("127.0.0.1:8099"))
        #expect(shown.output.contains("max_connections  2"))

        let cases: [(String, String)] = [
            (#"{"databse": "/x"}"#, "databse is not a setting"),
            (#"{"database": "relative.sqlite"}"#, "database must be an absolute path"),
            (#"{"language": "de"}"#, "language must be"),
            (#"{"time_zone": "Mars/Olympus"}"#, "time_zone must be"),
            (#"{"display": {"port": 70000}}"#, "display.port must be"),
            (#"{"display": {"colour": "red"}}"#, "display.colour is not a setting"),
            (#"{"max_connections": true}"#, "max_connections must be"),
            (#"[1, 2]"#, "is not a JSON object"),
        ]
        for (json, expected) in cases {
            let file = directory.appendingPathComponent("bad-\(UUID().uuidString).json")
            try Data(json.utf8).write(to: file)
            let result = try DaemonProcess.run(["--config", file.path, "--check-config"])
            #expect(result.status != 0, "\(json)")
            #expect(result.output.contains(expected), "\(json): \(result.output)")
        }
        let missing = try DaemonProcess.run(["--config", directory.appendingPathComponent("nope.json").path])
        #expect(missing.status != 0)
        #expect(missing.output.contains("cannot be read"))
    }
}
