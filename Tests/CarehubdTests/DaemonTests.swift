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

    @Test("A second daemon on the same bus refuses to start, says why, and creates no database")
    func secondDaemonRefused() async throws {
        let sim = try await SimHarness.start()
        defer { sim.bus.stop() }
        let (first, _) = try await startDaemon(sim, database: directory.appendingPathComponent("one.sqlite").path)
        let two = directory.appendingPathComponent("two.sqlite").path
        let second = try DaemonProcess(["--database", two, "--display-port", "0"], busAddress: sim.bus.address, directory: directory)
        let status = await second.exitStatus(within: 20)
        #expect(status == 1)
        #expect(second.log.contains("another carehubd (pid \(first.process.processIdentifier))"), "\(second.log)")
        #expect(!FileManager.default.fileExists(atPath: two), "the refused daemon created its database")
        #expect(await first.terminate() == 0)
    }

    @Test("A display port in use is said in words before anything is created")
    func portInUse() async throws {
        let sim = try await SimHarness.start()
        defer { sim.bus.stop() }
        let listener = try LoopbackListener()
        let database = directory.appendingPathComponent("port.sqlite").path
        let daemon = try DaemonProcess(["--database", database, "--display-port", "\(listener.port)"], busAddress: sim.bus.address, directory: directory)
        #expect(await daemon.exitStatus(within: 20) == 1)
        #expect(daemon.log.contains("the display page's port \(listener.port) on 127.0.0.1 is in use: another program listens there"), "\(daemon.log)")
        #expect(!daemon.log.contains("bind(descriptor"), "\(daemon.log)")
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test("Config files: TOML or JSON, every key checked; a bad one is one line naming key and line, exit 78, no usage, nothing created")
    func configFiles() throws {
        let database = directory.appendingPathComponent("never.sqlite").path
        let good = directory.appendingPathComponent("good.toml")
        try Data("""
            # a hub
            database = "/var/lib/carehub/test.sqlite"
            language = "en"
            max_connections = 1
            log_level = "debug"
            [display]
            port = 1
            """.utf8).write(to: good)
        let shown = try DaemonProcess.run(["--config", good.path, "--check-config"])
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.output.contains("/var/lib/carehub/test.sqlite"))
        #expect(shown.output.contains("127.0.0.1:1"))
        #expect(shown.output.contains("max_connections  1"))
        #expect(shown.output.contains("nothing is sent"), "no [forwarding]: --check-config says nothing is sent")

        let json = directory.appendingPathComponent("old.json")
        try Data(#"{"display": {"port": 0}, "max_connections": 1, "database": "/var/lib/carehub/j.sqlite"}"#.utf8).write(to: json)
        let old = try DaemonProcess.run(["--config", json.path, "--check-config"])
        #expect(old.status == 0, "\(old.output)")
        #expect(old.output.contains("(JSON)") && old.output.contains("127.0.0.1:0"))

        let secret = directory.appendingPathComponent("token")
        try Data("s3cret\n".utf8).write(to: secret)
        chmod(secret.path, 0o644)
        let cases: [(String, String)] = [
            ("database = \"\(database)\"\n[display]\nhost = \"0.0.0.0\"\n", ":3: display.host must be a loopback address"),
            ("database = \"\(database)\"\n[forwarding]\nurl = \"https://fhir.example.org\"\ntoken_file = \"\(secret.path)\"\n",
             ":4: forwarding.token_file names \(secret.path), which holds the bearer token but is readable by its group or others"),
            ("database = \"\(database)\"\n[forwarding]\nurl = \"https://fhir.example.org\"\ntoken_file = \"\(directory.path)/none\"\n",
             ":4: forwarding.token_file names \(directory.path)/none, which does not exist"),
            ("database = \"\(database)\"\n[forwarding]\nurl = \"https://fhir.example.org\"\nca_file = \"\(directory.path)/ca.pem\"\n",
             ":4: forwarding.ca_file names"),
            ("database = \"\(database)\"\ndatabase_group = \"no-such-group-here\"\n", ":2: database_group names group no-such-group-here, which does not exist"),
            ("database = \"\(database)\"\nmax_connections = 0\n", ":2: max_connections must be a whole number from 1 to 10"),
        ]
        for (text, expected) in cases {
            let file = directory.appendingPathComponent("bad-\(UUID().uuidString).toml")
            try Data(text.utf8).write(to: file)
            for arguments in [["--config", file.path, "--check-config"], ["--config", file.path]] {
                let result = try DaemonProcess.run(arguments)
                #expect(result.status == 78, "\(text)")
                #expect(result.output.contains(file.path + expected), "\(text): \(result.output)")
                #expect(result.output.split(separator: "\n").count == 1, "one line: \(result.output)")
                #expect(!result.output.contains("USAGE"), "no usage banner: \(result.output)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: database), "a refused config created the database")
        chmod(secret.path, 0o600)
        let fine = directory.appendingPathComponent("fine.toml")
        try Data("[forwarding]\nurl = \"https://fhir.example.org\"\ntoken_file = \"\(secret.path)\"\n".utf8).write(to: fine)
        let accepted = try DaemonProcess.run(["--config", fine.path, "--check-config"])
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(accepted.output.contains("forwarding       https://fhir.example.org, batches of 100, bearer token"))

        let missing = try DaemonProcess.run(["--config", directory.appendingPathComponent("nope.toml").path])
        #expect(missing.status == 78)
        #expect(missing.output.contains("nope.toml: does not exist"))
        let folder = try DaemonProcess.run(["--config", directory.path])
        #expect(folder.status == 78)
        #expect(folder.output.contains("is a directory, not a config file"), "\(folder.output)")
        #expect(!folder.output.contains("NSCocoaErrorDomain"))
    }
}

/// A TCP listener on 127.0.0.1 and a free port, for "the port is in use".
final class LoopbackListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0, listen(descriptor, 1) == 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
