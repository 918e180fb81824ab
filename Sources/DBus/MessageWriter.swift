import CDBus

/// Appends validated `DBusValue`s to a message through libdbus iterators. Values must have passed
/// `DBusValue.validate()`; the only failure left is libdbus running out of memory.
struct MessageWriter {
    private let message: Message
    private(set) var wroteFileDescriptor = false

    init(message: Message) {
        self.message = message
    }

    mutating func write(_ values: [DBusValue]) throws(DBusError) {
        var iter = DBusMessageIter()
        LibDBus.initAppend(message, &iter)
        for value in values {
            try write(value, into: &iter)
        }
    }

    private mutating func write(_ value: DBusValue, into iter: LibDBus.Iter) throws(DBusError) {
        let ok: Bool
        switch value {
        case let .byte(v): ok = Self.basic(iter, LibDBus.TypeCode.byte, v)
        case let .boolean(v): ok = Self.basic(iter, LibDBus.TypeCode.boolean, dbus_bool_t(v ? 1 : 0))
        case let .int16(v): ok = Self.basic(iter, LibDBus.TypeCode.int16, v)
        case let .uint16(v): ok = Self.basic(iter, LibDBus.TypeCode.uint16, v)
        case let .int32(v): ok = Self.basic(iter, LibDBus.TypeCode.int32, v)
        case let .uint32(v): ok = Self.basic(iter, LibDBus.TypeCode.uint32, v)
        case let .int64(v): ok = Self.basic(iter, LibDBus.TypeCode.int64, v)
        case let .uint64(v): ok = Self.basic(iter, LibDBus.TypeCode.uint64, v)
        case let .double(v): ok = Self.basic(iter, LibDBus.TypeCode.double, v)
        case let .string(v): ok = LibDBus.appendString(iter, LibDBus.TypeCode.string, v)
        case let .objectPath(v): ok = LibDBus.appendString(iter, LibDBus.TypeCode.objectPath, v.rawValue)
        case let .signature(v): ok = LibDBus.appendString(iter, LibDBus.TypeCode.signature, v.rawValue)
        case let .unixFD(handle):
            wroteFileDescriptor = true
            ok = Self.basic(iter, LibDBus.TypeCode.unixFD, handle.rawValue)
        case let .array(element, items):
            try container(iter, LibDBus.TypeCode.array, element.rawValue) { (sub, writer) throws(DBusError) in
                if element == "y" {
                    let bytes = items.compactMap(\.byte)
                    guard LibDBus.appendFixedBytes(sub, bytes) else { throw .outOfMemory }
                    return
                }
                for item in items { try writer.write(item, into: sub) }
            }
            return
        case let .dictionary(key, valueSignature, entries):
            let entrySignature = "{" + key.rawValue + valueSignature.rawValue + "}"
            try container(iter, LibDBus.TypeCode.array, entrySignature) { (sub, writer) throws(DBusError) in
                for entry in entries {
                    try writer.container(sub, LibDBus.TypeCode.dictEntry, nil) { (pair, writer) throws(DBusError) in
                        try writer.write(entry.key, into: pair)
                        try writer.write(entry.value, into: pair)
                    }
                }
            }
            return
        case let .structure(fields):
            try container(iter, LibDBus.TypeCode.structure, nil) { (sub, writer) throws(DBusError) in
                for field in fields { try writer.write(field, into: sub) }
            }
            return
        case let .variant(inner):
            try container(iter, LibDBus.TypeCode.variant, inner.signatureText) { (sub, writer) throws(DBusError) in
                try writer.write(inner, into: sub)
            }
            return
        }
        guard ok else { throw .outOfMemory }
    }

    private mutating func container(
        _ iter: LibDBus.Iter, _ type: Int32, _ contained: String?,
        _ body: (LibDBus.Iter, inout MessageWriter) throws(DBusError) -> Void
    ) throws(DBusError) {
        var sub = DBusMessageIter()
        guard LibDBus.openContainer(iter, type, contained, &sub) else { throw .outOfMemory }
        do {
            try body(&sub, &self)
        } catch {
            LibDBus.abandonContainer(iter, &sub)
            throw error
        }
        guard LibDBus.closeContainer(iter, &sub) else { throw .outOfMemory }
    }

    private static func basic<T>(_ iter: LibDBus.Iter, _ type: Int32, _ value: T) -> Bool {
        withUnsafePointer(to: value) { LibDBus.appendBasic(iter, type, $0) }
    }
}
