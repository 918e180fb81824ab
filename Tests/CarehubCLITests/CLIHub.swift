import Foundation
import GatewayStore
import Logging
import TestSupport

/// bluez-sim on a private bus plus a temp directory for the hub's database: what a technician's
/// `carehub` sees on a hub, with DBUS_SYSTEM_BUS_ADDRESS pointing at the private bus.
final class CLIHub: @unchecked Sendable {
    let sim: SimHarness
    let directory: URL
    let database: String

    static let cuff = SimHarness.cuffAddress
    static let scale = SimHarness.scaleAddress

    /// With `createDatabase` false the CLI's database does not exist (daemon mode must not need it).
    init(scenario: String = "cuff-and-scale.json", createDatabase: Bool = true) async throws {
        sim = try await SimHarness.start(scenario: scenario)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("carehub.sqlite").path
        // The hub's database as carehubd leaves it after its first start: the CLI never creates one.
        if createDatabase { try HubStore.open(path: database, logger: Logger(label: "test.store")).close() }
    }

    /// The environment of a CLI on this hub.
    var environment: [String: String] {
        ["DBUS_SYSTEM_BUS_ADDRESS": sim.bus.address, "CAREHUB_DATABASE": database]
    }

    /// Runs `carehub arguments` on this hub to the end, `stdin` lines fed at once.
    func carehub(_ arguments: [String], stdin: [String] = []) async throws -> CarehubProcess.Output {
        try await RunningCarehub.run(arguments, environment: environment, stdin: stdin)
    }

    /// Starts `carehub arguments` on this hub, to talk to it while it runs.
    func start(_ arguments: [String]) throws -> RunningCarehub {
        try RunningCarehub(arguments, environment: environment)
    }

    func stop() async {
        await sim.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
