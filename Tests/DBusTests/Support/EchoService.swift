import TestSupport
import DBus

/// A test service: `com.example.Test` at `/com/example/echo` with methods that echo, fail,
/// never answer, and pass file descriptors.
enum EchoService {
    static let interface = "com.example.Test"
    static let path: ObjectPath = "/com/example/echo"

    static func object(path: ObjectPath = path) -> DBusObject {
        DBusObject(path: path, interfaces: [DBusInterface(
            name: interface,
            methods: [
                DBusMethod(name: "EchoVariant", in: [("value", "v")], out: [("value", "v")]) { call in call.arguments },
                DBusMethod(name: "EchoAll", in: allArgs, out: allArgs) { call in call.arguments },
                DBusMethod(name: "Concat", in: [("a", "s"), ("b", "s")], out: [("joined", "s")]) { call in
                    [.string((call.arguments[0].string ?? "") + (call.arguments[1].string ?? ""))]
                },
                DBusMethod(name: "Fail", in: [("name", "s"), ("message", "s")]) { call throws(DBusError) in
                    throw .remote(name: call.arguments[0].string ?? "", message: call.arguments[1].string ?? "")
                },
                DBusMethod(name: "Never") { _ in
                    try? await Task.sleep(for: .seconds(3600))
                    return []
                },
                DBusMethod(name: "WrongReply", out: [("n", "u")]) { _ in [.string("not a u")] },
                // Replies at once, then keeps running (as a handler emitting post-reply signals would).
                DBusMethod(name: "ReplyEarly", out: [("when", "s")]) { call in
                    let first = call.reply([.string("early")])
                    let second = call.reply([.string("again")])
                    guard first, !second else { return [.string("reply channel broken")] }
                    try? await Task.sleep(for: .seconds(3600))
                    return [.string("late")]
                },
                DBusMethod(name: "Sender", out: [("name", "s")]) { call in [.string(call.sender)] },
            ],
            properties: [
                DBusProperty(name: "Count", signature: "u", access: .readwrite, initial: .uint32(1)),
                DBusProperty(name: "Name", signature: "s", access: .read, initial: .string("echo")),
                DBusProperty(name: "Optional", signature: "ay", access: .read, initial: nil),
            ],
            signals: [DBusSignalSpec(name: "Tick", arguments: [("n", "u")])]
        )])
    }

    static let allArgs: [(String, Signature)] = [
        ("y", "y"), ("b", "b"), ("n", "n"), ("q", "q"), ("i", "i"), ("u", "u"), ("x", "x"), ("t", "t"),
        ("d", "d"), ("s", "s"), ("o", "o"), ("g", "g"), ("ay", "ay"), ("asv", "a{sv}"), ("st", "(sa(oi))"),
        ("aqv", "a{qv}"), ("empty", "as"),
    ]

    static let allValues: [DBusValue] = [
        .byte(0xFE), .boolean(true), .int16(-12345), .uint16(54321), .int32(-2_000_000_000), .uint32(4_000_000_000),
        .int64(Int64.min), .uint64(UInt64.max), .double(-1.5e300), .string("héllo ✓ 'quoted'"),
        .objectPath("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF"), .signature("a{oa{sa{sv}}}"),
        .bytes([0, 1, 2, 0xFF]),
        .stringVariantDict(["RSSI": .int16(-60), "Name": .string("cuff"), "Nested": .variant(.variant(.uint32(7)))]),
        .structure([.string("s"), .array(element: "(oi)", [.structure([.objectPath("/a"), .int32(1)])])]),
        .dictionary(key: "q", value: "v", [DBusDictEntry(key: .uint16(0x004C), value: .variant(.bytes([1, 2, 3])))]),
        .strings([]),
    ]

    /// A connection with the echo object exported and `com.example.Echo` owned.
    static func serve(on bus: PrivateBus) async throws -> (DBusConnection, DBusObject) {
        let connection = try await DBusConnection.connect(address: bus.address)
        let object = object()
        try connection.export(object)
        try await connection.requestName("com.example.Echo")
        return (connection, object)
    }
}
