#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension DoctorProbe {
    /// Reads `<sysfsRoot>/class/rfkill/rfkillN/{type,name,soft,hard}`. Switches whose type cannot
    /// be read are skipped; an unreadable soft/hard counts as not blocked (the kernel always has them).
    public static func rfkillState(sysfsRoot: String = "/sys") -> DoctorFacts.Rfkill {
        let directory = URL(fileURLWithPath: sysfsRoot).appendingPathComponent("class/rfkill")
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            return .unavailable
        }
        var switches: [DoctorFacts.RfkillSwitch] = []
        for entry in entries.sorted() where entry.hasPrefix("rfkill") {
            let folder = directory.appendingPathComponent(entry)
            guard let type = sysfsValue(folder.appendingPathComponent("type")) else { continue }
            switches.append(DoctorFacts.RfkillSwitch(
                id: entry,
                device: sysfsValue(folder.appendingPathComponent("name")),
                type: type,
                soft: sysfsValue(folder.appendingPathComponent("soft")) == "1",
                hard: sysfsValue(folder.appendingPathComponent("hard")) == "1"))
        }
        return .switches(switches)
    }

    /// A sysfs attribute's first line, trimmed; nil if unreadable or empty. Reads at most 256 bytes.
    static func sysfsValue(_ file: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 256) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
