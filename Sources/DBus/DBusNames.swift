/// Validation of the names the D-Bus specification constrains. libdbus aborts the process when
/// handed an invalid one, so everything is checked here first, in pure Swift.
public enum DBusNames {
    private static func isNameChar(_ c: UInt8, allowHyphen: Bool) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_")
            || (allowHyphen && c == UInt8(ascii: "-"))
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// `/` or `/`-separated non-empty elements of `[A-Za-z0-9_]`, no trailing slash.
    public static func isValidObjectPath(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        guard bytes.last != UInt8(ascii: "/") else { return false }
        var previousSlash = false
        for c in bytes {
            if c == UInt8(ascii: "/") {
                if previousSlash { return false }
                previousSlash = true
            } else {
                guard isNameChar(c, allowHyphen: false) else { return false }
                previousSlash = false
            }
        }
        return true
    }

    /// Dotted names with at least two elements, none starting with a digit (interfaces, error names).
    private static func isDotted(_ name: String, allowHyphen: Bool, allowLeadingDigit: Bool) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        let elements = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard elements.count >= 2 else { return false }
        for element in elements {
            guard let first = element.first else { return false }
            if !allowLeadingDigit && isDigit(first) { return false }
            guard element.allSatisfy({ isNameChar($0, allowHyphen: allowHyphen) }) else { return false }
        }
        return true
    }

    /// Interface names such as `org.bluez.Device1`.
    public static func isValidInterfaceName(_ name: String) -> Bool {
        isDotted(name, allowHyphen: false, allowLeadingDigit: false)
    }

    /// Error names follow the interface-name rules.
    public static func isValidErrorName(_ name: String) -> Bool { isValidInterfaceName(name) }

    /// Member (method, signal, property) names: `[A-Za-z_][A-Za-z0-9_]*`, at most 255 bytes.
    public static func isValidMemberName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 255, !isDigit(first) else { return false }
        return bytes.allSatisfy { isNameChar($0, allowHyphen: false) }
    }

    /// Unique (`:1.42`) or well-known (`org.bluez`) bus names.
    public static func isValidBusName(_ name: String) -> Bool {
        if name.hasPrefix(":") {
            return isDotted(String(name.dropFirst()), allowHyphen: true, allowLeadingDigit: true)
        }
        return isDotted(name, allowHyphen: true, allowLeadingDigit: false)
    }

    /// Well-known (not unique) bus names, the only ones that can be requested.
    public static func isValidWellKnownName(_ name: String) -> Bool {
        !name.hasPrefix(":") && isValidBusName(name)
    }

    static func checkInterface(_ name: String) throws(DBusError) {
        guard isValidInterfaceName(name) else { throw .invalidArgument("'\(name)' is not a valid interface name") }
    }

    static func checkMember(_ name: String) throws(DBusError) {
        guard isValidMemberName(name) else { throw .invalidArgument("'\(name)' is not a valid member name") }
    }

    static func checkBusName(_ name: String) throws(DBusError) {
        guard isValidBusName(name) else { throw .invalidArgument("'\(name)' is not a valid bus name") }
    }

    static func checkPath(_ path: ObjectPath) throws(DBusError) {
        guard path.isValid else { throw .invalidArgument("'\(path.rawValue)' is not a valid object path") }
    }
}
