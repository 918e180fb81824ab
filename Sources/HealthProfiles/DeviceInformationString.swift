/// Which Device Information string a value came from.
public enum DeviceInformationField: String, Sendable, Hashable, CaseIterable {
    /// Model Number String 0x2A24.
    case modelNumber = "model_number"
    /// Serial Number String 0x2A25.
    case serialNumber = "serial_number"
    /// Firmware Revision String 0x2A26.
    case firmwareRevision = "firmware_revision"
    /// Hardware Revision String 0x2A27.
    case hardwareRevision = "hardware_revision"
    /// Software Revision String 0x2A28.
    case softwareRevision = "software_revision"
    /// Manufacturer Name String 0x2A29.
    case manufacturerName = "manufacturer_name"
}

/// A Device Information Service string (UTF-8; trailing NULs and spaces stripped, as devices pad them).
public struct DeviceInformationString: Sendable, Hashable {
    /// Which characteristic.
    public var field: DeviceInformationField
    /// The text.
    public var value: String

    /// Creates a value.
    public init(field: DeviceInformationField, value: String) {
        self.field = field
        self.value = value
    }

    /// Decodes the whole payload; invalid UTF-8 is an error (reported at its first bad byte).
    public static func decode(from reader: inout ByteReader, field: DeviceInformationField) throws(DecodeError) -> DeviceInformationString {
        var bytes = reader.readRest()
        while let last = bytes.last, last == 0 || last == 0x20 {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
        }
        if let bad = firstInvalidUTF8(bytes) { throw .invalidUTF8(field: field.rawValue, offset: bad) }
        return DeviceInformationString(field: field, value: String(decoding: bytes, as: UTF8.self))
    }

    /// Encodes the UTF-8 bytes.
    public func encoded() -> [UInt8] { Array(value.utf8) }
}

/// Offset of the first byte that starts an invalid UTF-8 sequence (RFC 3629: no overlongs, no surrogates).
func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var index = 0
    while index < bytes.count {
        let lead = bytes[index]
        if lead < 0x80 {
            index += 1
            continue
        }
        var need = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; high = 0x9F
        case 0xF0: need = 3; low = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; high = 0x8F
        default: return index
        }
        guard bytes.count - index > need else { return index }
        guard (low...high).contains(bytes[index + 1]) else { return index }
        if need >= 2 {
            for next in 2...need where !(0x80...0xBF).contains(bytes[index + next]) { return index }
        }
        index += need + 1
    }
    return nil
}
