import Foundation
import GatewayStore
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// With carehubd running (hosted in the test process, exported on the private bus), the CLI goes
/// through org.carehub.Gateway1: the daemon's database changes, never the CLI's own file.
@Suite(.serialized)
struct DaemonModeTests {
    /// The login name of this process's user: the daemon records the caller's Unix user.
    static var userName: String? {
        getpwuid(getuid()).flatMap { $0.pointee.pw_name }.map { String(cString: $0) }
    }

    @Test func theCLIGoesThroughTheDaemon() async throws {
        let hub = try await CLIHub(createDatabase: false)
        let daemon = try await DaemonHost(busAddress: hub.sim.bus.address)
        defer { Task { await daemon.stop(); await hub.stop() } }

        let status = try await hub.carehub(["status", "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(object["mode"] as? String == "daemon")

        // The passkey question comes from the daemon's agent through the CLI's PairingClient1.
        let pair = try await hub.carehub(["pair", CLIHub.cuff], stdin: ["246810"])
        #expect(pair.status == 0, "\(pair.stderr)")
        #expect(pair.stdout.contains("Enter the 6-digit passkey shown on the device:"))
        #expect(pair.stdout.contains("Looking for the device…"), "progress from the daemon")
        #expect(pair.stdout.contains("Paired AA:BB:CC:DD:EE:01: cuff BP7000-SIM, OMRON HEALTHCARE."))
        let stored = try #require(try daemon.store.device(address: CLIHub.cuff))
        #expect(stored.pairedBy == Self.userName, "the daemon records the caller's user")
        #expect(!FileManager.default.fileExists(atPath: hub.database), "the CLI did not open a database of its own")

        // An unassigned device is connected for the test only: decoded, not stored.
        #expect(try await hub.carehub(["pair", CLIHub.scale]).status == 0)
        let test = try await hub.carehub(["test", CLIHub.scale, "--timeout", "60"])
        #expect(test.status == 0, "\(test.stderr)")
        #expect(test.stdout.contains("Weight: "), "\(test.stdout)")
        #expect(test.stdout.contains("kg"))
        #expect(test.stdout.contains("Test only"), "\(test.stdout)")

        // Assigned, the cuff is connected at once and its three stored readings go through the pipeline.
        let assign = try await hub.carehub(["assign", CLIHub.cuff, "--patient", "P-1001"])
        #expect(assign.status == 0, "\(assign.stderr)")
        #expect(assign.stdout.contains("The hub now stores its readings for this patient."))
        let outcomes = try await daemon.outcomes.waitFor(3)
        #expect(outcomes.allSatisfy { if case .stored = $0 { true } else { false } }, "\(outcomes)")
        let devices = try await hub.carehub(["devices"])
        let cuffRow = try #require(devices.stdout.split(separator: "\n").first { $0.hasPrefix(CLIHub.cuff) })
        #expect(cuffRow.contains("P-1001"))
        #expect(!cuffRow.hasSuffix("never"), "it has a last reading: \(cuffRow)")
        let after = try await hub.carehub(["status", "--json"])
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        #expect(counts["outbox_pending"] as? Int == 3)
        #expect(counts["assigned_devices"] as? Int == 1)

        let forget = try await hub.carehub(["forget", CLIHub.cuff, "--yes"])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(try daemon.store.devices().map(\.address) == [CLIHub.scale])
    }

    @Test func aWrongPasskeyThroughTheDaemonFailsInPlainWords() async throws {
        let hub = try await CLIHub()
        let daemon = try await DaemonHost(busAddress: hub.sim.bus.address)
        defer { Task { await daemon.stop(); await hub.stop() } }
        let output = try await hub.carehub(["pair", CLIHub.cuff], stdin: ["111111"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("The passkey did not match"), "\(output.stderr)")
        #expect(try daemon.store.device(address: CLIHub.cuff) == nil)
    }

    @Test func ctrlCAtThePasskeyPromptLeavesTheDaemonReadyForTheNextPairing() async throws {
        let hub = try await CLIHub()
        let daemon = try await DaemonHost(busAddress: hub.sim.bus.address)
        defer { Task { await daemon.stop(); await hub.stop() } }
        let pair = try hub.start(["pair", CLIHub.cuff])
        try await pair.waitFor("Enter the 6-digit passkey shown on the device:")
        pair.interrupt()
        let output = try await pair.finish()
        #expect(output.status == 130)
        #expect(output.stderr.contains("Cancelled."))
        #expect(try daemon.store.device(address: CLIHub.cuff) == nil)
        // The daemon's pairing ended with the client: the next one is not refused as busy.
        let again = try await hub.carehub(["pair", CLIHub.cuff], stdin: ["246810"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try daemon.store.device(address: CLIHub.cuff) != nil)
    }
}
