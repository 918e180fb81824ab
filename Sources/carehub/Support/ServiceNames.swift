import BlueZ

/// Service UUIDs in the technician's words.
enum ServiceNames {
    static let health: [(UInt16, String)] = [
        (0x1810, "Blood pressure"), (0x181D, "Weight scale"), (0x181B, "Body composition"),
        (0x1809, "Thermometer"), (0x1822, "Pulse oximeter"), (0x1808, "Glucose"),
    ]

    static let other: [UInt16: String] = [
        0x180A: "Device information", 0x180F: "Battery", 0x1805: "Current time", 0x181C: "User data",
        0x1800: "Generic access", 0x1801: "Generic attribute", 0xFE9F: "Google", 0xFD6F: "Exposure notification",
    ]

    /// The health services `uuids` include, in words ("Blood pressure"), in the hub's order.
    static func healthServices(_ uuids: some Sequence<BluetoothUUID>) -> [String] {
        let shorts = Set(uuids.compactMap(\.shortValue))
        return health.filter { shorts.contains($0.0) }.map(\.1)
    }

    /// What a device offers, in words: its health services, else its other known services, else "—".
    static func describe(_ device: Device) -> String {
        let uuids = device.uuids + Array(device.serviceData.keys)
        let healthNames = healthServices(uuids)
        if !healthNames.isEmpty { return healthNames.joined(separator: ", ") }
        var seen: Set<String> = []
        let names = uuids.compactMap { uuid in uuid.shortValue.flatMap { other[$0] } }.filter { seen.insert($0).inserted }
        return names.isEmpty ? "—" : names.joined(separator: ", ")
    }

    /// True if the device advertises one of the health services the hub takes readings from.
    static func isHealthDevice(_ device: Device) -> Bool {
        !healthServices(device.uuids + Array(device.serviceData.keys)).isEmpty
    }
}
