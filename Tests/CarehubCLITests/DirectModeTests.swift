import Foundation
import GatewayStore
import TestSupport
import Testing

/// The technician's commands with no carehubd running: the CLI talks to bluez-sim and opens the
/// hub's database (a temp file) itself. Serialized: each test owns a private bus and simulator.
@Suite(.serialized)
struct DirectModeTests {
    @Test func pairAssignListTestAndForgetAsATechnicianWould() async throws {
        let hub = try await CLIHub()
        defer { Task { await hub.stop() } }

        // The cuff shows a passkey: a mistyped entry is asked again, then the right one pairs it.
        let cuff = try await hub.carehub(["pair", "aa:bb:cc:dd:ee:01"], stdin: ["24681", "246810"])
        #expect(cuff.status == 0, "\(cuff.stderr)")
        #expect(cuff.stdout.contains("Enter the 6-digit passkey shown on the device:"))
        #expect(cuff.stdout.contains("That is not 6 digits."))
        #expect(cuff.stdout.contains("Looking for the device…"), "progress as it comes")
        #expect(cuff.stdout.contains("Paired AA:BB:CC:DD:EE:01: cuff BP7000-SIM, OMRON HEALTHCARE."))
        #expect(!cuff.stdout.contains("\u{1B}"), "no escape codes off a terminal")

        // The scale is just-works: no question at all.
        let scale = try await hub.carehub(["pair", CLIHub.scale])
        #expect(scale.status == 0, "\(scale.stderr)")
        #expect(!scale.stdout.contains("passkey"))
        #expect(scale.stdout.contains("Paired AA:BB:CC:DD:EE:02: scale UC-352BLE-SIM, A&D Medical."))

        let assign = try await hub.carehub(["assign", CLIHub.scale, "--patient", "P-1001"])
        #expect(assign.status == 0, "\(assign.stderr)")
        #expect(assign.stdout.contains("Assigned AA:BB:CC:DD:EE:02 (scale UC-352BLE-SIM, A&D Medical) to patient P-1001."))
        #expect(assign.stdout.contains("carehubd is not running"))

        // scan shows what BlueZ holds a pairing with, and what the hub assigned.
        let scan = try hub.start(["scan", "--timeout", "120"])
        try await scan.waitFor(CLIHub.cuff)
        try await scan.waitFor(CLIHub.scale)
        scan.interrupt()
        let scanned = try await scan.finish()
        let scaleLine = try #require(scanned.stdout.split(separator: "\n").first { $0.hasPrefix(CLIHub.scale) })
        #expect(scaleLine.contains("paired") && scaleLine.contains("assigned"), "\(scaleLine)")
        let cuffLine = try #require(scanned.stdout.split(separator: "\n").first { $0.hasPrefix(CLIHub.cuff) })
        #expect(cuffLine.contains("paired") && !cuffLine.contains("assigned"), "\(cuffLine)")

        let devices = try await hub.carehub(["devices"])
        #expect(devices.status == 0)
        let rows = devices.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 3, "header and two devices: \(rows)")
        #expect(rows.first?.hasPrefix("ADDRESS") == true)
        #expect(rows.contains { $0.hasPrefix(CLIHub.cuff) && $0.contains("not assigned") && $0.contains("BP7000-SIM") })
        #expect(rows.contains { $0.hasPrefix(CLIHub.scale) && $0.contains("P-1001") })

        let json = try await hub.carehub(["devices", "--json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(listed.compactMap { $0["address"] as? String } == [CLIHub.cuff, CLIHub.scale])
        let assignments = try #require(listed.last?["assignments"] as? [[String: Any]])
        #expect(assignments.first?["patient"] as? String == "P-1001")

        // A measurement from the cuff, decoded in words (sim-bp-1: 120/80 mmHg, pulse 72).
        let test = try await hub.carehub(["test", CLIHub.cuff, "--timeout", "60"])
        #expect(test.status == 0, "\(test.stderr)")
        #expect(test.stdout.contains("Take a measurement now."))
        #expect(test.stdout.contains("Blood pressure: 120/80 mmHg, pulse 72 bpm"), "\(test.stdout)")
        #expect(test.stdout.contains("The CareHub daemon is not running"), "direct mode stores nothing")

        let forget = try await hub.carehub(["forget", CLIHub.scale, "--yes"])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(forget.stdout.contains("Forgot AA:BB:CC:DD:EE:02: 1 assignment revoked, pairing removed."))
        #expect(!forget.stdout.contains("P-1001"), "forget does not print the patient id")

        // What the CLI did is in the hub's database, where carehubd will find it.
        let store = try HubStore.openReadOnly(path: hub.database)
        #expect(try store.devices().map(\.address) == [CLIHub.cuff])
        #expect(try store.device(address: CLIHub.cuff)?.pairedBy.isEmpty == false)
        #expect(await hub.sim.client.device(address: CLIHub.scale)?.paired != true, "the scale's bond is gone")

        let status = try await hub.carehub(["status", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(object["mode"] as? String == "direct")
        #expect(object["paired_devices"] as? Int == 1)
        #expect(object["adapter"] as? String == "hci0")
    }

    @Test func aWrongPasskeyFailsInPlainWords() async throws {
        let hub = try await CLIHub()
        defer { Task { await hub.stop() } }
        let output = try await hub.carehub(["pair", CLIHub.cuff], stdin: ["111111"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("error: The passkey did not match"), "\(output.stderr)")
        #expect(await hub.sim.client.device(address: CLIHub.cuff)?.paired == false)
    }

    @Test func ctrlCAtThePasskeyPromptCancelsThePairing() async throws {
        let hub = try await CLIHub()
        defer { Task { await hub.stop() } }
        let pair = try hub.start(["pair", CLIHub.cuff])
        try await pair.waitFor("Enter the 6-digit passkey shown on the device:")
        pair.interrupt()
        let output = try await pair.finish()
        #expect(output.status == 130)
        #expect(output.stderr.contains("Cancelled."))
        #expect(await hub.sim.client.device(address: CLIHub.cuff)?.paired == false)
        let devices = try await hub.carehub(["devices"])
        #expect(devices.stdout.contains("No devices are paired with this hub."))
    }

    @Test func operationsOnAnUnpairedDeviceSaySo() async throws {
        let hub = try await CLIHub()
        defer { Task { await hub.stop() } }
        for arguments in [["test", CLIHub.cuff], ["assign", CLIHub.cuff, "--patient", "P-1"], ["forget", CLIHub.cuff, "--yes"]] {
            let output = try await hub.carehub(arguments)
            #expect(output.status == 1, "\(arguments)")
            #expect(output.stderr.contains("Device AA:BB:CC:DD:EE:01 is not paired with this hub. Pair it first"), "\(arguments): \(output.stderr)")
            #expect(!output.stdout.contains("Take a measurement"), "\(arguments)")
        }
    }

    @Test func aDatabaseThatCannotBeOpenedIsReported() async throws {
        let hub = try await CLIHub()
        defer { Task { await hub.stop() } }
        let output = try await hub.carehub(["devices", "--database", "/nonexistent/dir/carehub.sqlite"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("/nonexistent/dir/carehub.sqlite does not exist"), "\(output.stderr)")
    }

    @Test func aMistypedDatabaseIsNotCreatedAndARelativeOneIsRefused() async throws {
        let hub = try await CLIHub()
        defer { Task { await hub.stop() } }
        let typo = hub.directory.appendingPathComponent("carehub.sqlte").path
        for command in [["devices"], ["status"], ["assign", CLIHub.scale, "--patient", "P-1"]] {
            let output = try await hub.carehub(command + ["--database", typo])
            #expect(output.status == 1, "\(command)")
            #expect(output.stderr.contains("\(typo) does not exist"), "\(command): \(output.stderr)")
            #expect(!output.stdout.contains("No devices"), "\(command): a typo must not look like an empty hub")
            #expect(!FileManager.default.fileExists(atPath: typo), "\(command) created \(typo)")
        }
        let relative = try await hub.carehub(["devices", "--database", "carehub.sqlite"])
        #expect(relative.status == 64)
        #expect(relative.stderr.contains("must be an absolute path"), "\(relative.stderr)")
    }

    @Test func theCLIReadsTheDaemonsConfigFile() async throws {
        let hub = try await CLIHub()
        defer { Task { await hub.stop() } }
        let config = hub.directory.appendingPathComponent("carehubd.toml")
        // The database from the config file (no --database, no $CAREHUB_DATABASE): a file that is missing.
        let elsewhere = hub.directory.appendingPathComponent("from-config.sqlite").path
        try Data("database = \"\(elsewhere)\"\nbus_address = \"\(hub.sim.bus.address)\"\n".utf8).write(to: config)
        let output = try await RunningCarehub.run(["devices", "--config", config.path], environment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent"], stdin: [])
        #expect(output.status == 1)
        #expect(output.stderr.contains("\(elsewhere) does not exist"), "the config's bus and database were used: \(output.stderr)")
        try Data("[display]\nport = \"x\"\n".utf8).write(to: config)
        let bad = try await hub.carehub(["devices", "--config", config.path])
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("carehubd.toml:2: display.port must be"), "\(bad.stderr)")
        #expect(!bad.stderr.contains("USAGE"), "no usage banner for a bad config")
    }

    @Test func forgetAsksFirstAndRepairingSaysItReplacesTheKeys() async throws {
        let hub = try await CLIHub()
        defer { Task { await hub.stop() } }
        #expect(try await hub.carehub(["pair", CLIHub.scale]).status == 0)
        // Only the notice is checked: pairing again right after a pairing sometimes fails inside
        // DeviceManager (after RemoveDevice it can find the removed object again: UnknownObject).
        let again = try await hub.carehub(["pair", CLIHub.scale])
        #expect(again.stdout.contains("AA:BB:CC:DD:EE:02 is already paired with this hub; pairing it again replaces its keys."))

        let kept = try await hub.carehub(["forget", CLIHub.scale], stdin: ["maybe", "n"])
        #expect(kept.status == 1)
        #expect(kept.stdout.contains("Forget AA:BB:CC:DD:EE:02 (scale UC-352BLE-SIM, A&D Medical)? It is not assigned. [y/n]"))
        #expect(kept.stdout.contains("Please answer y or n."))
        #expect(kept.stdout.contains("Nothing changed"))
        #expect(try HubStore.openReadOnly(path: hub.database).devices().count == 1)

        let forgot = try await hub.carehub(["forget", CLIHub.scale], stdin: ["y"])
        #expect(forgot.status == 0, "\(forgot.stderr)")
        #expect(forgot.stdout.contains("Forgot AA:BB:CC:DD:EE:02: pairing removed."))
        #expect(try HubStore.openReadOnly(path: hub.database).devices().isEmpty)
    }
}
