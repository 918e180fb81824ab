@testable import DBus
import TestSupport
import Testing

/// Pure-core tests: no bus involved. Cases follow the D-Bus specification, "Type System" and
/// "Valid Names" (dbus.freedesktop.org/doc/dbus-specification.html).
@Suite("Signatures, names, values and match rules (pure)")
struct SignatureTests {
    @Test("Valid signatures parse into complete types", arguments: [
        ("", 0), ("y", 1), ("ybnqiuxtdsogh", 13), ("v", 1), ("ay", 1), ("a{sv}", 1), ("a{oa{sa{sv}}}", 1),
        ("(sa(oi))", 1), ("a{qv}", 1), ("aay", 1), ("oa{sa{sv}}", 2), ("a(yv)", 1),
    ])
    func validSignatures(text: String, count: Int) throws {
        let types = try Signature(text).types()
        #expect(types.count == count)
        #expect(Signature(types: types).rawValue == text)
    }

    @Test("Invalid signatures are refused", arguments: [
        "a", "(", ")", "()", "a{vs}", "a{s}", "a{sss}", "{sv}", "z", "(s", "a{sv", "ss)",
        String(repeating: "a", count: 33) + "y", String(repeating: "(", count: 33) + "y" + String(repeating: ")", count: 33),
        String(repeating: "y", count: 256),
    ])
    func invalidSignatures(text: String) {
        #expect(throws: DBusError.self) { try Signature(text) }
    }

    @Test("Object paths", arguments: [
        ("/", true), ("/org/bluez/hci0", true), ("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF", true), ("/a_1/B2", true),
        ("", false), ("org", false), ("/org/", false), ("//", false), ("/org//bluez", false), ("/org/blu-ez", false),
        ("/org/blu.ez", false), ("/ä", false),
    ])
    func objectPaths(text: String, valid: Bool) {
        #expect(DBusNames.isValidObjectPath(text) == valid)
        #expect(((try? ObjectPath(text)) != nil) == valid)
    }

    @Test("Bus, interface and member names", arguments: [
        ("org.bluez", true, true, false), (":1.42", true, false, false), ("org.bluez.Device1", true, true, false),
        ("com.example-dash.X", true, false, false), ("org", false, false, true), ("org..bluez", false, false, false),
        ("1org.bluez", false, false, false), ("org.1bluez", false, false, false), ("Connect", false, false, true),
        ("_private", false, false, true), ("1st", false, false, false), ("", false, false, false),
    ])
    func names(text: String, bus: Bool, interface: Bool, member: Bool) {
        #expect(DBusNames.isValidBusName(text) == bus)
        #expect(DBusNames.isValidInterfaceName(text) == interface)
        #expect(DBusNames.isValidMemberName(text) == member)
    }

    @Test("libdbus type codes match the ASCII characters of the specification")
    func typeCodes() {
        let table: [(Int32, Character)] = [
            (LibDBus.TypeCode.byte, "y"), (LibDBus.TypeCode.boolean, "b"), (LibDBus.TypeCode.int16, "n"),
            (LibDBus.TypeCode.uint16, "q"), (LibDBus.TypeCode.int32, "i"), (LibDBus.TypeCode.uint32, "u"),
            (LibDBus.TypeCode.int64, "x"), (LibDBus.TypeCode.uint64, "t"), (LibDBus.TypeCode.double, "d"),
            (LibDBus.TypeCode.string, "s"), (LibDBus.TypeCode.objectPath, "o"), (LibDBus.TypeCode.signature, "g"),
            (LibDBus.TypeCode.unixFD, "h"), (LibDBus.TypeCode.array, "a"), (LibDBus.TypeCode.variant, "v"),
            (LibDBus.TypeCode.structure, "r"), (LibDBus.TypeCode.dictEntry, "e"),
        ]
        for (code, character) in table { #expect(code == Int32(character.asciiValue ?? 0)) }
    }

    @Test("Value signatures, including empty containers")
    func valueSignatures() {
        #expect(DBusValue.bytes([]).signature == "ay")
        #expect(DBusValue.stringVariantDict([:]).signature == "a{sv}")
        #expect(DBusValue.dictionary(key: "o", value: "a{sa{sv}}", []).signature == "a{oa{sa{sv}}}")
        #expect(DBusValue.structure([.string("a"), .variant(.byte(1))]).signature == "(sv)")
        #expect([DBusValue.objectPath("/"), .stringVariantDict([:])].signature == "oa{sv}")
    }

    @Test("Mistyped or malformed values are refused before libdbus sees them", arguments: [
        DBusValue.array(element: "s", [.int32(1)]),
        .array(element: "y", [.string("x")]),
        .array(element: "ss", []),
        .dictionary(key: "v", value: "s", []),
        .dictionary(key: "s", value: "v", [DBusDictEntry(key: .string("k"), value: .string("not a variant"))]),
        .structure([]),
        .string("a\0b"),
        .objectPath("relative"),
        .signature("a{"),
        .variant(.objectPath("/bad/")),
    ])
    func invalidValues(value: DBusValue) {
        #expect(throws: DBusError.self) { try value.validate() }
    }

    @Test("Nesting beyond the specification's limits is refused")
    func depthLimits() throws {
        var arrays = DBusValue.byte(1)
        for _ in 0..<33 { arrays = .array(element: arrays.signature, [arrays]) }
        #expect(throws: DBusError.self) { try arrays.validate() }
        var variants = DBusValue.byte(1)
        for _ in 0..<70 { variants = .variant(variants) }
        #expect(throws: DBusError.self) { try variants.validate() }
        var ok = DBusValue.byte(1)
        for _ in 0..<30 { ok = .variant(ok) }
        try ok.validate()
    }

    @Test("Match rules render with quoting and match locally")
    func matchRules() {
        let rule = MatchRule(sender: "org.bluez", pathNamespace: "/org/bluez", interface: "org.freedesktop.DBus.Properties",
                             member: "PropertiesChanged", arguments: [0: "it's"])
        #expect(rule.string == "type='signal',sender='org.bluez',path_namespace='/org/bluez',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',arg0='it'\\''s'")
        #expect(rule.matchesHeader(sender: ":1.5", path: "/org/bluez/hci0", interface: "org.freedesktop.DBus.Properties",
                                   member: "PropertiesChanged", senderOwner: ":1.5"))
        #expect(!rule.matchesHeader(sender: ":1.6", path: "/org/bluez/hci0", interface: "org.freedesktop.DBus.Properties",
                                    member: "PropertiesChanged", senderOwner: ":1.5"))
        #expect(!rule.matchesHeader(sender: ":1.5", path: "/org/bluezz", interface: "org.freedesktop.DBus.Properties",
                                    member: "PropertiesChanged", senderOwner: ":1.5"))
        let paths = MatchRule(argumentPaths: [0: "/org/bluez/"])
        #expect(paths.matchesArguments([.objectPath("/org/bluez/hci0")]))
        #expect(paths.matchesArguments([.string("/org/")]))
        #expect(!paths.matchesArguments([.objectPath("/org/other")]))
        #expect(MatchRule(arguments: [0: "org.bluez"]).matchesArguments([.string("org.bluez"), .string(""), .string(":1.2")]))
        #expect(!MatchRule(arguments: [1: "x"]).matchesArguments([.string("x")]))
    }

    @Test("Typed accessors return nil for other types instead of trapping")
    func accessors() {
        let dict = DBusValue.stringVariantDict(["RSSI": .int16(-70), "UUIDs": .strings(["180a"])])
        #expect(dict.variantDict?["RSSI"]?.int16 == -70)
        #expect(dict.variantDict?["UUIDs"]?.strings == ["180a"])
        #expect(dict.bytes == nil)
        #expect(DBusValue.variant(.bytes([1, 2])).bytes == [1, 2])
        #expect(DBusValue.string("x").uint32 == nil)
        #expect(DBusValue.array(element: "v", [.variant(.string("a"))]).strings == nil)
    }
}
