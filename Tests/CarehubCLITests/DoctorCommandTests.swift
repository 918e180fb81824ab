import Foundation
import TestSupport
import Testing

/// `carehub doctor` as a technician runs it, pointed at a private bus through DBUS_SYSTEM_BUS_ADDRESS.
@Suite("carehub doctor", .serialized)
struct DoctorCommandTests {
    /// Runs the binary off the cooperative pool (it blocks until the process ends), with `environment`
    /// added to this process's own.
    static func doctor(_ arguments: [String], environment: [String: String]) async throws -> CarehubProcess.Output {
        let sysfs = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-sysfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sysfs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sysfs) }
        let arguments = ["doctor", "--sysfs", sysfs.path] + arguments
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = CarehubProcess.executable
                process.arguments = arguments
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                let out = Pipe()
                process.standardOutput = out
                process.standardError = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: CarehubProcess.Output(
                    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: ""))
            }
        }
    }

    @Test("Without bluetoothd: says bluetoothd is not running, and exits 1")
    func withoutBluetoothd() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let result = try await withTimeout(30, "carehub doctor") {
            try await Self.doctor([], environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address])
        }
        #expect(result.status == 1)
        #expect(result.stdout.contains("✓ bus         The D-Bus system bus is reachable (\(bus.address))."))
        #expect(result.stdout.contains("✗ bluetoothd  bluetoothd is not running (nobody owns org.bluez on the system bus)."))
        #expect(result.stdout.contains("What to do: Start it: `systemctl start bluetooth`."))
        #expect(result.stdout.contains("! carehubd    carehubd is not running"))
        #expect(result.stdout.contains("\nBluetooth does not work: "))
    }

    @Test("With bluez-sim: finds the powered adapter; the exit status matches --json's verdict")
    func withSimulator() async throws {
        let sim = try await SimHarness.start()
        let environment = ["DBUS_SYSTEM_BUS_ADDRESS": sim.bus.address]
        let text: CarehubProcess.Output
        let json: CarehubProcess.Output
        do {
            text = try await withTimeout(30, "carehub doctor") { try await Self.doctor([], environment: environment) }
            json = try await withTimeout(30, "carehub doctor --json") { try await Self.doctor(["--json"], environment: environment) }
        } catch {
            await sim.stop()
            throw error
        }
        await sim.stop()
        #expect(text.stdout.contains("✓ bluetoothd  bluetoothd is running"))
        #expect(text.stdout.contains("✓ permission  Allowed to talk to bluetoothd."))
        #expect(text.stdout.contains("✓ adapter     Adapter hci0 ("))
        // Whatever this machine's kernel has, the simulator's adapter is not contradicted: with no
        // kernel Bluetooth the doctor says it is a simulator; either way the verdict and status agree.
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let usable = object?["usable"] as? Bool
        #expect(usable != nil)
        #expect(json.status == (usable == true ? 0 : 1))
        #expect(text.status == json.status)
        if text.stdout.contains("kernel has no Bluetooth") {
            #expect(text.stdout.contains("! kernel      bluetoothd reports adapter hci0 but the kernel has no Bluetooth: this is a simulator or a container."))
            #expect(text.status == 0)
            #expect(text.stdout.contains("Bluetooth works: adapter hci0 is powered (simulated"))
        }
        let findings = object?["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { $0["check"] as? String == "adapter" && $0["status"] as? String == "ok" })
    }
}
