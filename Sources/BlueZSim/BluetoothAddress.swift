/// A Bluetooth device address `AA:BB:CC:DD:EE:FF` (stored upper-case, as BlueZ prints it).
public struct BluetoothAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// An address from its six bytes, most significant first (shorter input is zero-padded).
    public init(bytes: [UInt8]) {
        self.bytes = Array((Array(repeating: 0, count: max(0, 6 - bytes.count)) + bytes).suffix(6))
    }

    /// Parses `AA:BB:CC:DD:EE:FF` (either case); nil if malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard part.count == 2, let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    public var description: String { bytes.map { hex2($0).uppercased() }.joined(separator: ":") }
    /// `AA_BB_CC_DD_EE_FF`, the form in object paths (device.c `device_new`).
    public var pathComponent: String { "dev_" + bytes.map { hex2($0).uppercased() }.joined(separator: "_") }
    /// `AA-BB-CC-DD-EE-FF`, the default Alias when no name is known.
    public var dashed: String { bytes.map { hex2($0).uppercased() }.joined(separator: "-") }

    public static func < (lhs: BluetoothAddress, rhs: BluetoothAddress) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

/// A Bluetooth UUID, kept in BlueZ's 128-bit lower-case string form.
public struct BluetoothUUID: Hashable, Sendable, CustomStringConvertible {
    public let string: String

    static let baseSuffix = "-0000-1000-8000-00805f9b34fb"

    /// A 16-bit SIG UUID expanded onto the Bluetooth base UUID.
    public init(short: UInt16) {
        string = "0000" + hex4(short) + Self.baseSuffix
    }

    /// Parses `2A35`, `0x2A35`, `00002a35` (32-bit) or a full 128-bit UUID; nil if malformed.
    public init?(_ text: String) {
        var body = text.lowercased()
        if body.hasPrefix("0x") { body.removeFirst(2) }
        let hexDigits = Set("0123456789abcdef")
        if body.count == 4 || body.count == 8 {
            guard body.allSatisfy({ hexDigits.contains($0) }) else { return nil }
            string = String(repeating: "0", count: 8 - body.count) + body + Self.baseSuffix
            return
        }
        let groups = body.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12],
              groups.allSatisfy({ $0.allSatisfy { hexDigits.contains($0) } }) else { return nil }
        string = body
    }

    /// The 16-bit short form if this is a SIG base UUID.
    public var short: UInt16? {
        guard string.hasPrefix("0000"), string.hasSuffix(Self.baseSuffix) else { return nil }
        let start = string.index(string.startIndex, offsetBy: 4)
        let end = string.index(start, offsetBy: 4)
        return UInt16(string[start..<end], radix: 16)
    }

    public var description: String { string }
}

/// Parses hex text (`"1e7a00"`, spaces/colons allowed); nil if malformed.
func parseHex(_ text: String) -> [UInt8]? {
    let cleaned = text.filter { !" :-_".contains($0) }
    guard cleaned.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(cleaned.count / 2)
    var index = cleaned.startIndex
    while index < cleaned.endIndex {
        let next = cleaned.index(index, offsetBy: 2)
        guard let byte = UInt8(cleaned[index..<next], radix: 16) else { return nil }
        bytes.append(byte)
        index = next
    }
    return bytes
}

/// Lower-case hex of bytes.
public func hexString(_ bytes: [UInt8]) -> String { bytes.map(hex2).joined() }
