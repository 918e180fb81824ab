/// Typed read access. Each accessor returns nil when the value has another type, so decoding data
/// from the bus never traps. Accessors look through variants (at any depth).
extension DBusValue {
    /// The value inside (nested) variants, or self.
    public var unwrapped: DBusValue {
        if case let .variant(inner) = self { return inner.unwrapped }
        return self
    }

    public var byte: UInt8? { if case let .byte(v) = unwrapped { v } else { nil } }
    public var bool: Bool? { if case let .boolean(v) = unwrapped { v } else { nil } }
    public var int16: Int16? { if case let .int16(v) = unwrapped { v } else { nil } }
    public var uint16: UInt16? { if case let .uint16(v) = unwrapped { v } else { nil } }
    public var int32: Int32? { if case let .int32(v) = unwrapped { v } else { nil } }
    public var uint32: UInt32? { if case let .uint32(v) = unwrapped { v } else { nil } }
    public var int64: Int64? { if case let .int64(v) = unwrapped { v } else { nil } }
    public var uint64: UInt64? { if case let .uint64(v) = unwrapped { v } else { nil } }
    public var double: Double? { if case let .double(v) = unwrapped { v } else { nil } }
    public var string: String? { if case let .string(v) = unwrapped { v } else { nil } }
    public var objectPath: ObjectPath? { if case let .objectPath(v) = unwrapped { v } else { nil } }
    public var signatureValue: Signature? { if case let .signature(v) = unwrapped { v } else { nil } }
    public var fileDescriptor: FileDescriptorHandle? { if case let .unixFD(v) = unwrapped { v } else { nil } }

    /// Elements of an array.
    public var arrayElements: [DBusValue]? { if case let .array(_, v) = unwrapped { v } else { nil } }

    /// Fields of a struct.
    public var structFields: [DBusValue]? { if case let .structure(v) = unwrapped { v } else { nil } }

    /// Entries of a dictionary, in order.
    public var dictEntries: [DBusDictEntry]? { if case let .dictionary(_, _, v) = unwrapped { v } else { nil } }

    /// The bytes of an `ay`.
    public var bytes: [UInt8]? {
        guard case let .array(element, items) = unwrapped, element == "y" else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case let .byte(b) = item else { return nil }
            out.append(b)
        }
        return out
    }

    /// The strings of an `as`.
    public var strings: [String]? {
        guard let items = arrayElements else { return nil }
        var out: [String] = []
        for item in items {
            guard case let .string(s) = item else { return nil }
            out.append(s)
        }
        return out
    }

    /// The paths of an `ao`.
    public var objectPaths: [ObjectPath]? {
        guard let items = arrayElements else { return nil }
        var out: [ObjectPath] = []
        for item in items {
            guard case let .objectPath(p) = item else { return nil }
            out.append(p)
        }
        return out
    }

    /// An `a{sv}` as a Swift dictionary; values are the variants' contents (unwrapped).
    public var variantDict: [String: DBusValue]? {
        guard let entries = dictEntries else { return nil }
        var out: [String: DBusValue] = [:]
        for entry in entries {
            guard case let .string(key) = entry.key else { return nil }
            out[key] = entry.value.unwrapped
        }
        return out
    }
}
