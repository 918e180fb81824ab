import Foundation

/// Finds the quirks of a device from its Device Information strings or its advertised name.
/// Matching is case-insensitive on the model string, the advertised name and (Omron) the manufacturer.
public struct QuirkRegistry: Sendable {
    /// One rule: when `matches` is true for the identity, `quirks` apply. First match wins.
    public struct Rule: Sendable {
        public var matches: @Sendable (DeviceIdentity) -> Bool
        public var quirks: DeviceQuirks

        /// Creates a rule.
        public init(quirks: DeviceQuirks, matches: @escaping @Sendable (DeviceIdentity) -> Bool) {
            self.matches = matches
            self.quirks = quirks
        }
    }

    public var rules: [Rule]

    /// A registry with these rules (first match wins).
    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// The quirks for a device; `.standard` when no rule matches.
    public func quirks(for device: DeviceIdentity) -> DeviceQuirks {
        rules.first { $0.matches(device) }?.quirks ?? .standard
    }

    /// The rules for the devices of device-quirks.md.
    public static let standard = QuirkRegistry(rules: [
        Rule(quirks: .beurerCuff) { id in
            id.anyName { name in beurerBigEndianModels.contains { name.contains($0) } }
        },
        Rule(quirks: .andCuff) { id in
            id.anyName { $0.hasPrefix("a&d_ua-651") || $0.hasPrefix("ua-651") }
        },
        Rule(quirks: .andScale) { id in
            id.anyName { $0.hasPrefix("a&d_uc-352") || $0.hasPrefix("uc-352") }
        },
        Rule(quirks: .omron) { id in
            id.anyName { $0.hasPrefix("blesmart_") } || id.manufacturer.map { $0.lowercased().hasPrefix("omron") } == true
        },
        Rule(quirks: .xiaomiMiScale) { id in
            id.anyName { $0 == "mibfs" || $0.hasPrefix("mi body composition scale") || $0 == "mi_scale" }
        },
        Rule(quirks: .renpho) { id in
            id.anyName { $0.hasPrefix("es-wbe28") }
        },
    ])

    /// Beurer/Sanitas cuffs with big-endian pulse and status (derdilla ble_read_cubit.dart `isKnownBigEndianDevice`).
    static let beurerBigEndianModels = ["bm48", "bm59", "bm85", "elite900"]
}

extension DeviceIdentity {
    /// True when the model, advertised name or manufacturer (lower-cased, trimmed) satisfies `test`.
    func anyName(_ test: (String) -> Bool) -> Bool {
        [model, advertisedName].compactMap { $0?.lowercased().trimmingCharacters(in: .whitespaces) }.contains(where: test)
    }
}

extension DeviceQuirks {
    /// Beurer BM48/BM59/BM85/ELITE900: big-endian fields; BM85 needs 100 ms before subscribing.
    public static let beurerCuff = DeviceQuirks(
        family: "beurer-bp", bigEndianPulseAndStatus: true, settleBeforeSubscribe: .milliseconds(100),
        pairingHint: "Switch the cuff off, then press and hold its Bluetooth/memory button until the display blinks, then try again.")

    /// A&D UA-651BLE: "send all data" command, then Date Time 0x2A08, then subscribe (obniz UA651BLE).
    public static let andCuff = DeviceQuirks(
        family: "a&d", timeWrite: .dateTime,
        vendorWrites: [VendorWrite(characteristicUUID: "233bf001-5a34-1b6d-975c-000d5690abe4", bytes: [0x02, 0x00, 0xE1],
                                   purpose: "A&D send-all-data command")],
        pairingHint: "Press and hold the START button until \"Pr\" shows on the cuff, then try again.")

    /// A&D UC-352BLE scale: bond, subscribe 0x2A9D.
    public static let andScale = DeviceQuirks(
        family: "a&d-scale",
        pairingHint: "Hold the button on the back of the scale while switching it on, then try again.")

    /// Omron BLESmart cuffs and scales: set the clock (Current Time) on every connection.
    public static let omron = DeviceQuirks(
        family: "omron", timeWrite: .currentTime,
        pairingHint: "Press and hold the Bluetooth button until P blinks, then try again.")

    /// Xiaomi Mi Body Composition Scale 2: 13-byte proprietary frames on 0x2A9C.
    public static let xiaomiMiScale = DeviceQuirks(
        family: "xiaomi-scale", proprietary: [.bodyCompositionMeasurement: .xiaomiMiScale13],
        pairingHint: "Step on the scale so it wakes up, then try again.")

    /// Renpho ES-WBE28: proprietary 0x2A9D frames (refused).
    public static let renpho = DeviceQuirks(
        family: "renpho", proprietary: [.weightMeasurement: .renphoWeight],
        pairingHint: "Step on the scale so it wakes up, then try again.")
}
