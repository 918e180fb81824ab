import TestSupport
import DBus
import Foundation
import Testing

/// Our exported objects as seen by tools nobody here wrote: dbus-send (libdbus) and gdbus (GIO).
@Suite("Interop with dbus-send and gdbus")
struct InteropTests {
    @Test("dbus-send --print-reply calls our methods and reads and writes our properties")
    func dbusSend() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, object) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let base = ["--bus=\(bus.address)", "--print-reply", "--dest=com.example.Echo", EchoService.path.rawValue]

        let concat = try await runTool("/usr/bin/dbus-send", base + ["com.example.Test.Concat", "string:heart", "string:rate"])
        #expect(concat.status == 0)
        #expect(concat.output.contains("method return"))
        #expect(concat.output.contains("string \"heartrate\""))

        let get = try await runTool("/usr/bin/dbus-send", base + [
            "org.freedesktop.DBus.Properties.Get", "string:com.example.Test", "string:Count"])
        #expect(get.output.contains("variant") && get.output.contains("uint32 1"))

        let set = try await runTool("/usr/bin/dbus-send", base + [
            "org.freedesktop.DBus.Properties.Set", "string:com.example.Test", "string:Count", "variant:uint32:42"])
        #expect(set.status == 0)
        #expect(object.property(EchoService.interface, "Count") == .uint32(42))

        let getAll = try await runTool("/usr/bin/dbus-send", base + ["org.freedesktop.DBus.Properties.GetAll", "string:com.example.Test"])
        #expect(getAll.output.contains("string \"Count\""))
        #expect(getAll.output.contains("uint32 42"))
        #expect(getAll.output.contains("string \"echo\""))
        #expect(!getAll.output.contains("Optional"))

        let fail = try await runTool("/usr/bin/dbus-send", base + [
            "com.example.Test.Fail", "string:org.bluez.Error.Failed", "string:le-connection-abort-by-local"])
        #expect(fail.status != 0)
        #expect(fail.error.contains("Error org.bluez.Error.Failed: le-connection-abort-by-local"))

        let badArgs = try await runTool("/usr/bin/dbus-send", base + ["com.example.Test.Concat", "int32:7"])
        #expect(badArgs.error.contains(DBusErrorName.invalidArgs))

        let ping = try await runTool("/usr/bin/dbus-send", base + ["org.freedesktop.DBus.Peer.Ping"])
        #expect(ping.status == 0)
    }

    @Test("A no-reply-expected Set from dbus-send is applied and announced, and not answered")
    func dbusSendNoReply() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, object) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let changes = Recorder.start(try await client.subscribe(MatchRule(
            path: EchoService.path, interface: DBusBus.propertiesInterface, member: "PropertiesChanged")))
        let send = try await runTool("/usr/bin/dbus-send", ["--bus=\(bus.address)", "--type=method_call", "--dest=com.example.Echo",
                                                            EchoService.path.rawValue, "org.freedesktop.DBus.Properties.Set",
                                                            "string:com.example.Test", "string:Count", "variant:uint32:9"])
        #expect(send.status == 0)
        let changed = try await changes.element(0, within: 10)
        #expect(changed?.arguments[1] == .stringVariantDict(["Count": .uint32(9)]))
        #expect(object.property(EchoService.interface, "Count") == .uint32(9))
    }

    @Test("gdbus call reads GetManagedObjects from our ObjectManager")
    func gdbusManagedObjects() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let server = try await DBusConnection.connect(address: bus.address)
        defer { server.close() }
        try await server.requestName("org.example.Manager")
        let manager = try DBusObjectManager(connection: server, root: "/")
        try manager.add(DBusObject(path: "/org/example/hci0", interfaces: [DBusInterface(
            name: "org.example.Adapter1",
            properties: [DBusProperty(name: "Address", signature: "s", initial: .string("00:11:22:33:44:55")),
                         DBusProperty(name: "Powered", signature: "b", initial: .boolean(true))])]))
        let result = try await runTool("/usr/bin/gdbus", ["call", "--address", bus.address, "--dest", "org.example.Manager",
                                                          "--object-path", "/", "--method",
                                                          "org.freedesktop.DBus.ObjectManager.GetManagedObjects"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("objectpath '/org/example/hci0'"))
        #expect(result.output.contains("'org.example.Adapter1': {'Address': <'00:11:22:33:44:55'>, 'Powered': <true>}"))
        #expect(result.output.contains("'org.freedesktop.DBus.Properties': {}"))
    }

    @Test("gdbus introspect parses our XML: methods, signals, properties and child nodes")
    func gdbusIntrospect() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        try server.export(EchoService.object(path: "/com/example/echo/child_1"))
        _ = try DBusObjectManager(connection: server, root: "/com")

        let leaf = try await runTool("/usr/bin/gdbus", ["introspect", "--address", bus.address, "--dest", "com.example.Echo",
                                                        "--object-path", EchoService.path.rawValue])
        #expect(leaf.status == 0, "\(leaf.error)")
        for expected in ["interface com.example.Test", "EchoVariant(in  v value,", "out v value);", "Tick(u n);",
                         "readwrite u Count = 1;", "readonly s Name = 'echo';", "readonly ay Optional",
                         "interface org.freedesktop.DBus.Properties", "node child_1"] {
            #expect(leaf.output.contains(expected), "missing \(expected) in:\n\(leaf.output)")
        }

        let parent = try await runTool("/usr/bin/gdbus", ["introspect", "--address", bus.address, "--dest", "com.example.Echo",
                                                          "--object-path", "/com"])
        #expect(parent.status == 0, "\(parent.error)")
        #expect(parent.output.contains("interface org.freedesktop.DBus.ObjectManager"))
        #expect(parent.output.contains("node example"))

        let recursive = try await runTool("/usr/bin/gdbus", ["introspect", "--address", bus.address, "--dest", "com.example.Echo",
                                                             "--object-path", "/", "--recurse"])
        #expect(recursive.status == 0, "\(recursive.error)")
        #expect(recursive.output.contains("node /com/example/echo/child_1"))
    }

    @Test("gdbus call reaches our methods (GVariant text in, typed reply out)")
    func gdbusCall() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let echo = try await runTool("/usr/bin/gdbus", ["call", "--address", bus.address, "--dest", "com.example.Echo",
                                                        "--object-path", EchoService.path.rawValue, "--method",
                                                        "com.example.Test.EchoVariant", "<{'RSSI': <int16 -60>}>"])
        #expect(echo.status == 0, "\(echo.error)")
        #expect(echo.output.contains("<{'RSSI': <int16 -60>}>"))
    }

    @Test("busctl introspect lists our members", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/busctl")))
    func busctlIntrospect() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let result = try await runTool("/usr/bin/busctl", ["--address=\(bus.address)", "introspect", "--no-pager",
                                                           "com.example.Echo", EchoService.path.rawValue])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains(".EchoVariant"))
        #expect(result.output.contains(".Count"))
    }
}
