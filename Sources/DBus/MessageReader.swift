import CDBus

/// Decodes a message body into `DBusValue`s, guided by the signature libdbus reports for each
/// argument. libdbus has already validated incoming messages; strings are copied out of the message.
enum MessageReader {
    static func readAll(_ message: Message) throws(DBusError) -> [DBusValue] {
        var iter = DBusMessageIter()
        guard LibDBus.initRead(message, &iter) else { return [] }
        var values: [DBusValue] = []
        while LibDBus.argType(&iter) != LibDBus.TypeCode.invalid {
            guard let text = LibDBus.iterSignature(&iter) else { throw .outOfMemory }
            let type = try Signature(stringLiteral: text).singleType()
            values.append(try read(&iter, as: type))
            LibDBus.next(&iter)
        }
        return values
    }

    private static func basic<T>(_ iter: LibDBus.Iter, _ initial: T) -> T {
        var value = initial
        withUnsafeMutablePointer(to: &value) { LibDBus.getBasic(iter, $0) }
        return value
    }

    private static func read(_ iter: LibDBus.Iter, as type: DBusType) throws(DBusError) -> DBusValue {
        switch type {
        case .byte: return .byte(basic(iter, UInt8(0)))
        case .boolean: return .boolean(basic(iter, dbus_bool_t(0)) != 0)
        case .int16: return .int16(basic(iter, Int16(0)))
        case .uint16: return .uint16(basic(iter, UInt16(0)))
        case .int32: return .int32(basic(iter, Int32(0)))
        case .uint32: return .uint32(basic(iter, UInt32(0)))
        case .int64: return .int64(basic(iter, Int64(0)))
        case .uint64: return .uint64(basic(iter, UInt64(0)))
        case .double: return .double(basic(iter, Double(0)))
        case .string: return .string(LibDBus.getString(iter))
        case .objectPath: return .objectPath(ObjectPath(stringLiteral: LibDBus.getString(iter)))
        case .signature: return .signature(Signature(stringLiteral: LibDBus.getString(iter)))
        case .unixFD:
            // libdbus hands out a fresh duplicate that we own.
            let fd = basic(iter, Int32(-1))
            guard fd >= 0 else { throw .invalidArgument("message carries an unusable file descriptor") }
            return .unixFD(FileDescriptorHandle(takingOwnershipOf: fd))
        case .variant:
            var sub = DBusMessageIter()
            LibDBus.recurse(iter, &sub)
            guard let text = LibDBus.iterSignature(&sub) else { throw .outOfMemory }
            let inner = try Signature(stringLiteral: text).singleType()
            return .variant(try read(&sub, as: inner))
        case let .array(element):
            var sub = DBusMessageIter()
            LibDBus.recurse(iter, &sub)
            let elementSignature = Signature(types: [element])
            if element == .byte {
                return .array(element: elementSignature, LibDBus.getFixedBytes(&sub).map { .byte($0) })
            }
            var items: [DBusValue] = []
            while LibDBus.argType(&sub) != LibDBus.TypeCode.invalid {
                items.append(try read(&sub, as: element))
                LibDBus.next(&sub)
            }
            return .array(element: elementSignature, items)
        case let .dictionary(key, value):
            var sub = DBusMessageIter()
            LibDBus.recurse(iter, &sub)
            var entries: [DBusDictEntry] = []
            while LibDBus.argType(&sub) == LibDBus.TypeCode.dictEntry {
                var pair = DBusMessageIter()
                LibDBus.recurse(&sub, &pair)
                let k = try read(&pair, as: key)
                LibDBus.next(&pair)
                let v = try read(&pair, as: value)
                entries.append(DBusDictEntry(key: k, value: v))
                LibDBus.next(&sub)
            }
            return .dictionary(key: Signature(types: [key]), value: Signature(types: [value]), entries)
        case let .structure(fields):
            var sub = DBusMessageIter()
            LibDBus.recurse(iter, &sub)
            var values: [DBusValue] = []
            for field in fields {
                values.append(try read(&sub, as: field))
                LibDBus.next(&sub)
            }
            return .structure(values)
        }
    }
}
