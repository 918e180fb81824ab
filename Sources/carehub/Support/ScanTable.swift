import BlueZ

/// What `carehub scan` has seen: one row per device, in the order first seen; rendered sorted by
/// signal strength on a terminal, or as one plain line per device when it is first seen.
struct ScanTable: Sendable {
    struct Row: Sendable, Equatable {
        var address: String
        var name: String?
        var services: String
        var rssi: Int?
        var paired: Bool
        /// nil: the hub's assignments could not be read.
        var assigned: Bool?
    }

    private(set) var rows: [Row] = []
    /// Addresses assigned to a patient on this hub; nil when unknown.
    var assigned: Set<String>?

    init(assigned: Set<String>?) {
        self.assigned = assigned
    }

    /// Takes a device's latest snapshot; returns the row if the device is new.
    mutating func update(_ device: Device) -> Row? {
        var row = Row(
            address: device.address, name: device.name, services: ServiceNames.describe(device),
            rssi: device.rssi.map(Int.init), paired: device.paired, assigned: assigned.map { $0.contains(device.address) })
        if let index = rows.firstIndex(where: { $0.address == device.address }) {
            if row.rssi == nil { row.rssi = rows[index].rssi }
            rows[index] = row
            return nil
        }
        rows.append(row)
        return row
    }

    /// Rows by signal strength, strongest first (unknown last), then by address.
    var sorted: [Row] {
        rows.sorted { a, b in
            let ra = a.rssi ?? Int.min, rb = b.rssi ?? Int.min
            return ra != rb ? ra > rb : a.address < b.address
        }
    }

    static let header = Self.format(address: "ADDRESS", services: "SERVICE", rssi: "RSSI", paired: "PAIRED",
                                    assigned: "ASSIGNED", name: "NAME")

    /// The live table: header and rows by signal strength.
    func tableLines() -> [String] {
        [Self.header] + sorted.map(Self.line)
    }

    /// One row as text (also the plain line printed off a terminal).
    static func line(_ row: Row) -> String {
        format(
            address: row.address, services: row.services, rssi: row.rssi.map { "\($0) dBm" } ?? "—",
            paired: row.paired ? "paired" : "no", assigned: row.assigned.map { $0 ? "assigned" : "no" } ?? "?",
            name: row.name ?? "")
    }

    private static func format(
        address: String, services: String, rssi: String, paired: String, assigned: String, name: String
    ) -> String {
        let columns = [(address, 17), (services, 14), (rssi, 7), (paired, 6), (assigned, 8)]
        let padded = columns.map { text, width in text.count < width ? text + String(repeating: " ", count: width - text.count) : text }
        return (padded + [name]).joined(separator: "  ").trimmingTrailingSpaces()
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
