/// A D-Bus object path such as `/org/bluez/hci0`.
///
/// `init(_:)` validates and throws. A string literal is accepted as is; an invalid literal is refused
/// with `.invalidArgument` when first used on the wire, never handed to libdbus.
public struct ObjectPath: Hashable, Sendable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The path text.
    public let rawValue: String

    /// Validates `text` as an object path.
    public init(_ text: String) throws(DBusError) {
        guard DBusNames.isValidObjectPath(text) else {
            throw .invalidArgument("'\(text)' is not a valid object path")
        }
        rawValue = text
    }

    public init(stringLiteral value: String) {
        rawValue = value
    }

    /// The root path `/`.
    public static let root: ObjectPath = "/"

    /// True if the text is a valid object path.
    public var isValid: Bool { DBusNames.isValidObjectPath(rawValue) }

    /// Throws `.invalidArgument` unless the path is valid.
    public func validated() throws(DBusError) -> ObjectPath {
        try ObjectPath(rawValue)
    }

    /// The path with `component` appended (`/a` + `b` → `/a/b`); the component must be valid.
    public func appending(_ component: String) throws(DBusError) -> ObjectPath {
        try ObjectPath(rawValue == "/" ? "/" + component : rawValue + "/" + component)
    }

    /// True if `self` is strictly below `ancestor`.
    public func isDescendant(of ancestor: ObjectPath) -> Bool {
        if ancestor.rawValue == "/" { return rawValue != "/" }
        return rawValue.hasPrefix(ancestor.rawValue + "/")
    }

    /// The path components, e.g. `["org", "bluez"]`.
    public var components: [Substring] {
        rawValue.split(separator: "/")
    }

    public var description: String { rawValue }

    public static func < (lhs: ObjectPath, rhs: ObjectPath) -> Bool { lhs.rawValue < rhs.rawValue }
}
