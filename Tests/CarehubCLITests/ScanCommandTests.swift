import Foundation
import TestSupport
import Testing

/// `carehub scan` against bluez-sim on a private bus (DBUS_SYSTEM_BUS_ADDRESS), off a terminal.
@Suite(.serialized)
struct ScanCommandTests {
    @Test func listsTheCuffAndScaleAsPlainLinesAndStopsOnCtrlC() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-scan-\(UUID().uuidString).sqlite")
        let scan = try RunningCarehub(["scan", "--timeout", "120", "--database", database.path],
                                      environment: ["DBUS_SYSTEM_BUS_ADDRESS": sim.bus.address])
        try await scan.waitFor(SimHarness.cuffAddress)
        try await scan.waitFor(SimHarness.scaleAddress)
        scan.interrupt()
        let output = try await scan.finish()
        #expect(output.status == 0, "Ctrl-C is the normal end of a scan: \(output.stderr)")
        #expect(!output.stdout.contains("\u{1B}"), "no escape codes off a terminal")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "one line per device, printed once: \(lines)")
        let cuff = try #require(lines.first { $0.hasPrefix(SimHarness.cuffAddress) })
        #expect(cuff.contains("Blood pressure"))
        #expect(cuff.contains("dBm"))
        #expect(cuff.contains("BLESmart_00000480AABBCC"))
        let scale = try #require(lines.first { $0.hasPrefix(SimHarness.scaleAddress) })
        #expect(scale.contains("Weight scale"))
        #expect(output.stderr.contains("2 health devices found"))
        // Discovery was stopped: the adapter is no longer discovering once no client scans.
        let adapter = await sim.client.adapters().first
        #expect(adapter?.discovering == false)
    }

    @Test func endsAfterTheTimeoutWithTheDevicesSeen() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        let output = try await RunningCarehub.run(
            ["scan", "--timeout", "3", "--database", "/nonexistent/carehub.sqlite"],
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": sim.bus.address])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains(SimHarness.cuffAddress))
        #expect(output.stdout.contains(SimHarness.scaleAddress))
    }

    @Test func withoutBluetoothdItSaysSoInPlainWords() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let output = try await RunningCarehub.run(["scan", "--timeout", "5"], environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("bluetoothd is not running"), "\(output.stderr)")
        #expect(output.stderr.contains("carehub doctor"))
    }
}
