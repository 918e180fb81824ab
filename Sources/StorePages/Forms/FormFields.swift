/// The fields of an `application/x-www-form-urlencoded` body, in order, decoded.
///
/// Stricter than the WHATWG parser on purpose: a malformed body is a client error to answer with
/// 400, not something to guess at. Bounded in bytes and in the number of fields, so a large body
/// costs at most one pass over `maximumBytes`.
public struct FormFields: Sendable, Hashable {
    /// One `name=value` pair.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Largest body accepted by default (the thresholds form is the largest: ~35 fields).
    public static let maximumBytes = 32 * 1024
    /// Most fields accepted.
    public static let maximumFields = 200

    /// The pairs in body order (a name may repeat).
    public private(set) var fields: [Field]

    /// Fields given directly (tests, or a server that parsed the body itself).
    public init(_ fields: [Field]) {
        self.fields = fields
    }

    /// Parses a body. `+` is a space; `%XX` is a byte; the bytes of a name or value must be UTF-8.
    public init(parsing body: some Collection<UInt8>, maximumBytes: Int = FormFields.maximumBytes)
        throws(FormBodyError)
    {
        guard body.count <= maximumBytes else { throw .tooLarge(limit: maximumBytes) }
        var fields: [Field] = []
        var offset = 0
        for part in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            defer { offset += part.count + 1 }
            if part.isEmpty { continue }
            guard fields.count < Self.maximumFields else { throw .tooManyFields(limit: Self.maximumFields) }
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let rawName = part[..<(equals ?? part.endIndex)]
            let rawValue = equals.map { part[part.index(after: $0)...] } ?? part[part.endIndex...]
            let name = try Self.decode(rawName, offset: offset)
            let value = try Self.decode(rawValue, offset: offset + rawName.count + 1)
            fields.append(Field(name: name, value: value))
        }
        self.fields = fields
    }

    /// Parses a body given as text (its UTF-8 bytes).
    public init(parsing body: String, maximumBytes: Int = FormFields.maximumBytes) throws(FormBodyError) {
        try self.init(parsing: Array(body.utf8), maximumBytes: maximumBytes)
    }

    /// The first value of `name`, or nil when the body has no such field.
    public func value(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// The CSRF token the form carried (`CSRF.fieldName`), for the server to check.
    public var csrfToken: String? { value(CSRF.fieldName) }

    private static func decode(_ raw: some Collection<UInt8>, offset: Int) throws(FormBodyError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var iterator = raw.makeIterator()
        var position = offset
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .badPercentEscape(offset: position)
                }
                bytes.append(high << 4 | low)
                position += 2
            default:
                bytes.append(byte)
            }
            position += 1
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8(offset: offset) }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Why a form body could not be parsed (answer 400, or 413 for `tooLarge`).
public enum FormBodyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body is longer than the limit.
    case tooLarge(limit: Int)
    /// The body has more fields than the limit.
    case tooManyFields(limit: Int)
    /// A `%` not followed by two hex digits, at this byte offset of the body.
    case badPercentEscape(offset: Int)
    /// A name or value whose decoded bytes are not UTF-8; the offset of its first byte.
    case invalidUTF8(offset: Int)

    public var description: String {
        switch self {
        case .tooLarge(let limit): "form body larger than \(limit) bytes"
        case .tooManyFields(let limit): "form body with more than \(limit) fields"
        case .badPercentEscape(let offset): "bad percent escape at byte \(offset) of the form body"
        case .invalidUTF8(let offset): "form field at byte \(offset) is not UTF-8"
        }
    }
}

/// The CSRF field every form carries; the token is an input to every renderer.
public enum CSRF {
    /// Name of the hidden field.
    public static let fieldName = "csrf_token"
}
