import ControlAPI
import FHIR
import Foundation

/// The hub as the PHG Device of what it forwards. Its system id is the first 64 bits of the
/// machine id (`/etc/machine-id`, 128 random bits made once at installation; systemd's
/// machine-id(5)): stable across restarts, upgrades and a replaced Bluetooth dongle, and
/// meaningless outside the region's store. Never the personal data of anyone.
enum HubIdentity {
    static let machineIDFiles = ["/etc/machine-id", "/var/lib/dbus/machine-id"]

    /// The hub's PHG description, or why there is none.
    static func current(files: [String] = machineIDFiles) throws(HubIdentityError) -> HubInfo {
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard id.count == 32, id.allSatisfy(\.isHexDigit) else {
                throw HubIdentityError(description: "\(file) is not a machine id (32 hex digits); run `systemd-machine-id-setup`")
            }
            return HubInfo(
                bluetoothAddress: "", systemID: String(id.prefix(16)).uppercased(), manufacturer: "CareHub",
                modelNumber: "CareHub hub", softwareVersion: "carehubd \(CareHubVersion.current)")
        }
        throw HubIdentityError(
            description: "the hub has no machine id (\(files.joined(separator: ", "))): run `systemd-machine-id-setup`; forwarding needs it to name the hub")
    }
}

/// Why the hub cannot name itself to the clinic's store.
struct HubIdentityError: Error, CustomStringConvertible {
    var description: String
}
