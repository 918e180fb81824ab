extension DBusValue {
    /// `ay` from bytes.
    public static func bytes(_ bytes: [UInt8]) -> DBusValue {
        .array(element: "y", bytes.map { .byte($0) })
    }

    /// `as` from strings.
    public static func strings(_ strings: [String]) -> DBusValue {
        .array(element: "s", strings.map { .string($0) })
    }

    /// `ao` from object paths.
    public static func objectPaths(_ paths: [ObjectPath]) -> DBusValue {
        .array(element: "o", paths.map { .objectPath($0) })
    }

    /// `a{sv}` from a dictionary; each value is wrapped in a variant, keys sorted for a stable order.
    public static func stringVariantDict(_ dict: [String: DBusValue]) -> DBusValue {
        .dictionary(key: "s", value: "v", dict.sorted { $0.key < $1.key }.map {
            DBusDictEntry(key: .string($0.key), value: .variant($0.value))
        })
    }

    /// `a{sv}` from ordered pairs; each value is wrapped in a variant.
    public static func stringVariantDict(_ pairs: [(String, DBusValue)]) -> DBusValue {
        .dictionary(key: "s", value: "v", pairs.map { DBusDictEntry(key: .string($0.0), value: .variant($0.1)) })
    }
}
