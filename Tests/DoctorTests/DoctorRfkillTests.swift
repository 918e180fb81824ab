import Foundation
import Testing
@testable import Doctor

/// rfkill switches read from a temporary sysfs tree laid out as the kernel does
/// (Documentation/ABI/stable/sysfs-class-rfkill: type, name, soft, hard; values end in "\n").
@Suite("carehub doctor: rfkill in sysfs")
struct DoctorRfkillTests {
    /// A temp directory standing in for /sys.
    final class Sysfs {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-sysfs-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }
        func add(_ id: String, _ files: [String: String]) throws {
            let folder = root.appendingPathComponent("class/rfkill/\(id)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, value) in files {
                try value.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        deinit { try? FileManager.default.removeItem(at: root) }
    }

    @Test("No class/rfkill: rfkill is unavailable, nothing blocks")
    func unavailable() throws {
        let sysfs = try Sysfs()
        #expect(DoctorProbe.rfkillState(sysfsRoot: sysfs.root.path) == .unavailable)
    }

    @Test("Bluetooth soft block, a hard-blocked wlan, and switches with missing or odd files")
    func switches() throws {
        let sysfs = try Sysfs()
        try sysfs.add("rfkill0", ["type": "bluetooth\n", "name": "hci0\n", "soft": "1\n", "hard": "0\n", "state": "0\n"])
        try sysfs.add("rfkill1", ["type": "wlan\n", "name": "phy0\n", "soft": "0\n", "hard": "1\n"])
        // No type file: skipped. No name, garbage in soft: not blocked, device unknown.
        try sysfs.add("rfkill2", ["soft": "1\n"])
        try sysfs.add("rfkill3", ["type": "bluetooth", "soft": "yes\n", "hard": "1"])
        try FileManager.default.createDirectory(at: sysfs.root.appendingPathComponent("class/rfkill/not-a-switch"),
                                                withIntermediateDirectories: true)
        let state = DoctorProbe.rfkillState(sysfsRoot: sysfs.root.path)
        #expect(state == .switches([
            DoctorFacts.RfkillSwitch(id: "rfkill0", device: "hci0", type: "bluetooth", soft: true, hard: false),
            DoctorFacts.RfkillSwitch(id: "rfkill1", device: "phy0", type: "wlan", soft: false, hard: true),
            DoctorFacts.RfkillSwitch(id: "rfkill3", device: nil, type: "bluetooth", soft: false, hard: true),
        ]))
        let facts = DoctorFacts(kernel: .controllers([DoctorFacts.Controller(name: "hci0", address: "00:1A:7D:DA:71:13", isUp: false, isRunning: false)]),
                                rfkill: state, bus: .unreachable(address: "unix:path=/nonexistent", reason: "test"))
        let rfkill = Doctor.diagnose(facts).findings.filter { $0.check == .rfkill }
        #expect(rfkill.map(\.summary) == [
            "A hardware switch blocks Bluetooth (rfkill hard block on rfkill3).",
            "Bluetooth is switched off (rfkill soft block on hci0).",
        ])
    }

    @Test("An oversized attribute is read only up to its first line")
    func oversized() throws {
        let sysfs = try Sysfs()
        try sysfs.add("rfkill0", ["type": "bluetooth\n" + String(repeating: "x", count: 100_000), "soft": "0\n", "hard": "0\n"])
        #expect(DoctorProbe.rfkillState(sysfsRoot: sysfs.root.path)
            == .switches([DoctorFacts.RfkillSwitch(id: "rfkill0", device: nil, type: "bluetooth", soft: false, hard: false)]))
    }
}
