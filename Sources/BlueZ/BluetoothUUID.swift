/// A Bluetooth UUID, held in BlueZ's canonical form: 128-bit, lower-case, with dashes
/// (`00002a35-0000-1000-8000-00805f9b34fb`). 16- and 32-bit SIG UUIDs are expanded with the
/// Bluetooth base UUID, so `BluetoothUUID(0x2A35)` equals the UUID BlueZ reports for 0x2A35.
public struct BluetoothUUID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The lower-case 128-bit form, as BlueZ writes it in `UUID`/`UUIDs` properties.
    public let string: String

    static let baseSuffix = "-0000-1000-8000-00805f9b34fb"

    /// A 16-bit SIG-assigned UUID (e.g. 0x1810 Blood Pressure).
    public init(_ short: UInt16) {
        self.init(UInt32(short))
    }

    /// A 32-bit SIG-assigned UUID.
    public init(_ short: UInt32) {
        self.init(canonical: Self.hex(short, digits: 8) + Self.baseSuffix)
    }

    private init(canonical: String) {
        string = canonical
    }

    public init(integerLiteral value: UInt16) {
        self.init(value)
    }

    /// Parses `2A35`, `0x2a35`, `0000181D` (32-bit) or a full 128-bit UUID in any case;
    /// nil for anything else.
    public init?(_ text: String) {
        var body = Substring(text)
        if body.hasPrefix("0x") || body.hasPrefix("0X") { body = body.dropFirst(2) }
        let isHex = { (s: Substring) in !s.isEmpty && s.allSatisfy(\.isHexDigit) }
        switch body.count {
        case 4, 8:
            guard isHex(body), let value = UInt32(body, radix: 16) else { return nil }
            self.init(value)
        case 36:
            let groups = body.split(separator: "-", omittingEmptySubsequences: false)
            guard groups.map(\.count) == [8, 4, 4, 4, 12], groups.allSatisfy(isHex) else { return nil }
            self.init(canonical: body.lowercased())
        default:
            return nil
        }
    }

    /// The 16-bit value if this UUID is built on the Bluetooth base UUID and fits in 16 bits.
    public var shortValue: UInt16? {
        guard string.hasSuffix(Self.baseSuffix), string.hasPrefix("0000"),
              let value = UInt16(string.dropFirst(4).prefix(4), radix: 16) else { return nil }
        return value
    }

    /// `0x2A35` for SIG UUIDs, otherwise the 128-bit form.
    public var description: String {
        shortValue.map { "0x" + Self.hex(UInt32($0), digits: 4).uppercased() } ?? string
    }

    public static func < (lhs: BluetoothUUID, rhs: BluetoothUUID) -> Bool { lhs.string < rhs.string }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

extension BluetoothUUID {
    /// Blood Pressure service.
    public static let bloodPressureService = BluetoothUUID(0x1810)
    /// Weight Scale service.
    public static let weightScaleService = BluetoothUUID(0x181D)
    /// Device Information service.
    public static let deviceInformationService = BluetoothUUID(0x180A)
    /// Battery service.
    public static let batteryService = BluetoothUUID(0x180F)
    /// Current Time service.
    public static let currentTimeService = BluetoothUUID(0x1805)
    /// Blood Pressure Measurement (indicate).
    public static let bloodPressureMeasurement = BluetoothUUID(0x2A35)
    /// Weight Measurement (indicate).
    public static let weightMeasurement = BluetoothUUID(0x2A9D)
    /// Client Characteristic Configuration descriptor.
    public static let clientCharacteristicConfiguration = BluetoothUUID(0x2902)
}
