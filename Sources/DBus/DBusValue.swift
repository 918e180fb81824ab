/// One D-Bus value of any type. Arrays and dictionaries keep their element signature so that empty
/// containers still marshal; dictionaries keep entry order.
public indirect enum DBusValue: Hashable, Sendable {
    case byte(UInt8), boolean(Bool), int16(Int16), uint16(UInt16), int32(Int32), uint32(UInt32)
    case int64(Int64), uint64(UInt64), double(Double), string(String)
    case objectPath(ObjectPath), signature(Signature)
    /// A unix file descriptor (`h`), owned by the handle.
    case unixFD(FileDescriptorHandle)
    /// An array whose elements all have signature `element`.
    case array(element: Signature, [DBusValue])
    /// A dictionary `a{kv}` with entries in order.
    case dictionary(key: Signature, value: Signature, [DBusDictEntry])
    case structure([DBusValue])
    case variant(DBusValue)

    /// The single complete type signature of this value.
    public var signature: Signature {
        Signature(stringLiteral: signatureText)
    }

    var signatureText: String {
        switch self {
        case .byte: "y"
        case .boolean: "b"
        case .int16: "n"
        case .uint16: "q"
        case .int32: "i"
        case .uint32: "u"
        case .int64: "x"
        case .uint64: "t"
        case .double: "d"
        case .string: "s"
        case .objectPath: "o"
        case .signature: "g"
        case .unixFD: "h"
        case let .array(element, _): "a" + element.rawValue
        case let .dictionary(key, value, _): "a{" + key.rawValue + value.rawValue + "}"
        case let .structure(fields): "(" + fields.map(\.signatureText).joined() + ")"
        case .variant: "v"
        }
    }
}

/// One entry of a `DBusValue.dictionary`.
public struct DBusDictEntry: Hashable, Sendable {
    public var key: DBusValue
    public var value: DBusValue

    public init(key: DBusValue, value: DBusValue) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == DBusValue {
    /// The concatenated signature of these values (a message body's signature).
    public var signature: Signature {
        Signature(stringLiteral: map(\.signatureText).joined())
    }

    /// Throws `.signatureMismatch` unless these values have exactly signature `expected`.
    public func expect(_ expected: Signature, context: String) throws(DBusError) {
        let actual = signature
        guard actual == expected else {
            throw .signatureMismatch(expected: expected, actual: actual, context: context)
        }
    }
}
