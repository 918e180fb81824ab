/// One complete D-Bus type, as parsed from a signature. Pure value, no libdbus involved.
public indirect enum DBusType: Hashable, Sendable {
    case byte, boolean, int16, uint16, int32, uint32, int64, uint64, double
    case string, objectPath, signature, unixFD
    case variant
    case array(DBusType)
    case dictionary(key: DBusType, value: DBusType)
    case structure([DBusType])

    /// The type's signature text, e.g. `a{sv}`.
    public var signatureString: String {
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
        case .variant: "v"
        case let .array(element): "a" + element.signatureString
        case let .dictionary(key, value): "a{" + key.signatureString + value.signatureString + "}"
        case let .structure(fields): "(" + fields.map(\.signatureString).joined() + ")"
        }
    }

    /// True for the types allowed as dictionary keys.
    public var isBasic: Bool {
        switch self {
        case .variant, .array, .dictionary, .structure: false
        default: true
        }
    }

    static func basic(_ code: UInt8) -> DBusType? {
        switch code {
        case UInt8(ascii: "y"): .byte
        case UInt8(ascii: "b"): .boolean
        case UInt8(ascii: "n"): .int16
        case UInt8(ascii: "q"): .uint16
        case UInt8(ascii: "i"): .int32
        case UInt8(ascii: "u"): .uint32
        case UInt8(ascii: "x"): .int64
        case UInt8(ascii: "t"): .uint64
        case UInt8(ascii: "d"): .double
        case UInt8(ascii: "s"): .string
        case UInt8(ascii: "o"): .objectPath
        case UInt8(ascii: "g"): .signature
        case UInt8(ascii: "h"): .unixFD
        case UInt8(ascii: "v"): .variant
        default: nil
        }
    }
}

/// Parses signature text into complete types, enforcing the specification's limits
/// (255 bytes, 32 nested arrays, 32 nested structs/dict entries, non-empty structs, basic dict keys).
struct SignatureParser {
    static let maxLength = 255
    static let maxArrayDepth = 32
    static let maxStructDepth = 32

    private let bytes: [UInt8]
    private var index = 0

    static func parse(_ text: String) throws(DBusError) -> [DBusType] {
        var parser = SignatureParser(bytes: Array(text.utf8))
        guard parser.bytes.count <= maxLength else {
            throw .invalidArgument("signature '\(text)' is longer than \(maxLength) bytes")
        }
        var types: [DBusType] = []
        while parser.index < parser.bytes.count {
            types.append(try parser.parseOne(arrayDepth: 0, structDepth: 0, text: text))
        }
        return types
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func next(_ text: String) throws(DBusError) -> UInt8 {
        guard index < bytes.count else {
            throw .invalidArgument("signature '\(text)' ends inside a container")
        }
        defer { index += 1 }
        return bytes[index]
    }

    private mutating func parseOne(arrayDepth: Int, structDepth: Int, text: String) throws(DBusError) -> DBusType {
        let code = try next(text)
        if let basic = DBusType.basic(code) { return basic }
        switch code {
        case UInt8(ascii: "a"):
            guard arrayDepth < Self.maxArrayDepth else {
                throw .invalidArgument("signature '\(text)' nests more than 32 arrays")
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
                index += 1
                guard structDepth < Self.maxStructDepth else {
                    throw .invalidArgument("signature '\(text)' nests more than 32 structs")
                }
                let key = try parseOne(arrayDepth: arrayDepth + 1, structDepth: structDepth + 1, text: text)
                guard key.isBasic else {
                    throw .invalidArgument("signature '\(text)': dictionary key must be a basic type")
                }
                let value = try parseOne(arrayDepth: arrayDepth + 1, structDepth: structDepth + 1, text: text)
                guard try next(text) == UInt8(ascii: "}") else {
                    throw .invalidArgument("signature '\(text)': dictionary entry must hold exactly two types")
                }
                return .dictionary(key: key, value: value)
            }
            return .array(try parseOne(arrayDepth: arrayDepth + 1, structDepth: structDepth, text: text))
        case UInt8(ascii: "("):
            guard structDepth < Self.maxStructDepth else {
                throw .invalidArgument("signature '\(text)' nests more than 32 structs")
            }
            var fields: [DBusType] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: ")") {
                fields.append(try parseOne(arrayDepth: arrayDepth, structDepth: structDepth + 1, text: text))
            }
            guard try next(text) == UInt8(ascii: ")"), !fields.isEmpty else {
                throw .invalidArgument("signature '\(text)': empty or unterminated struct")
            }
            return .structure(fields)
        default:
            throw .invalidArgument("signature '\(text)': unexpected type code at offset \(index - 1)")
        }
    }
}
