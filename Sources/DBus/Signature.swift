/// A D-Bus type signature (zero or more complete types), e.g. `a{sv}` or `oa{sa{sv}}`.
///
/// `init(_:)` validates and throws. A string literal is accepted as is so that signatures can be
/// written inline; an invalid literal is refused with `.invalidArgument` when it is first used on the
/// wire (never handed to libdbus, which would abort).
public struct Signature: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The signature text.
    public let rawValue: String

    /// Validates `text` as a signature.
    public init(_ text: String) throws(DBusError) {
        _ = try SignatureParser.parse(text)
        rawValue = text
    }

    /// Builds the signature of the given complete types.
    public init(types: [DBusType]) {
        rawValue = types.map(\.signatureString).joined()
    }

    public init(stringLiteral value: String) {
        rawValue = value
    }

    /// The complete types of this signature, or `.invalidArgument` if it is malformed.
    public func types() throws(DBusError) -> [DBusType] {
        try SignatureParser.parse(rawValue)
    }

    /// The single complete type of this signature (required for array elements and variants).
    public func singleType() throws(DBusError) -> DBusType {
        let parsed = try types()
        guard parsed.count == 1, let only = parsed.first else {
            throw .invalidArgument("signature '\(rawValue)' is not a single complete type")
        }
        return only
    }

    /// True if this is a valid signature.
    public var isValid: Bool { (try? types()) != nil }

    public var description: String { rawValue }

    /// The empty signature (no arguments).
    public static let empty: Signature = ""
}
