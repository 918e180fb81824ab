import TestSupport
import DBus
import Testing

@Suite("Method calls through a private dbus-daemon")
struct CallTests {
    @Test("Our client calls org.freedesktop.DBus: GetId, ListNames, GetNameOwner")
    func busMethods() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        #expect(client.uniqueName.hasPrefix(":"))
        let id = try await client.call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                       method: "GetId", expecting: "s")
        #expect(id.first?.string?.count == 32)
        let names = try await client.call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                          method: "ListNames", expecting: "as")
        #expect(names.first?.strings?.contains(client.uniqueName) == true)
        #expect(names.first?.strings?.contains(DBusBus.name) == true)
        let owner = try await client.nameOwner(DBusBus.name)
        #expect(owner == DBusBus.name)
        #expect(try await client.nameOwner("com.example.Nobody") == nil)
    }

    @Test("Every type round-trips inside a variant, including variants nested 64 deep (the limit)")
    func variantRoundTrip() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        var deep = DBusValue.string("core")
        for _ in 0..<63 { deep = .variant(deep) }
        for value in EchoService.allValues + [deep, .array(element: "v", [.variant(.int32(1)), .variant(.strings(["a"]))])] {
            let reply = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                              interface: EchoService.interface, method: "EchoVariant",
                                              arguments: [.variant(value)], expecting: "v")
            #expect(reply == [.variant(value)])
        }
    }

    @Test("Every type round-trips as a top-level argument")
    func allTypesRoundTrip() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let reply = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                          interface: EchoService.interface, method: "EchoAll",
                                          arguments: EchoService.allValues)
        #expect(reply == EchoService.allValues)
        #expect(reply.signature == "ybnqiuxtdsogaya{sv}(sa(oi))a{qv}as")
    }

    @Test("A remote error carries its name and message")
    func remoteError() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        await #expect(throws: DBusError.remote(name: "org.bluez.Error.InProgress", message: "In Progress")) {
            try await client.call(destination: "com.example.Echo", path: EchoService.path, interface: EchoService.interface,
                                  method: "Fail", arguments: [.string("org.bluez.Error.InProgress"), .string("In Progress")])
        }
        await #expect(throws: DBusError.remote(name: DBusErrorName.serviceUnknown,
                                               message: "The name com.example.Absent was not provided by any .service files")) {
            try await client.call(destination: "com.example.Absent", path: "/", interface: EchoService.interface, method: "X")
        }
    }

    @Test("A handler that never answers gives .timeout")
    func timeout() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        await #expect(throws: DBusError.timeout(method: "com.example.Test.Never", after: .milliseconds(200))) {
            try await client.call(destination: "com.example.Echo", path: EchoService.path, interface: EchoService.interface,
                                  method: "Never", timeout: .milliseconds(200))
        }
    }

    @Test("Unknown object, unknown method, wrong arguments and wrong reply give the standard errors")
    func dispatchErrors() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        func errorName(_ path: ObjectPath, _ method: String, _ args: [DBusValue] = []) async -> String? {
            do {
                _ = try await client.call(destination: "com.example.Echo", path: path, interface: EchoService.interface,
                                          method: method, arguments: args)
                return nil
            } catch {
                if case let .remote(name, _) = error { return name }
                return "\(error)"
            }
        }
        #expect(await errorName("/com/example/nothing", "Concat") == DBusErrorName.unknownObject)
        #expect(await errorName(EchoService.path, "NoSuchMethod") == DBusErrorName.unknownMethod)
        #expect(await errorName(EchoService.path, "Concat", [.int32(1)]) == DBusErrorName.invalidArgs)
        #expect(await errorName(EchoService.path, "WrongReply") == DBusErrorName.failed)
        let joined = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                           interface: EchoService.interface, method: "Concat",
                                           arguments: [.string("a"), .string("b")])
        #expect(joined == [.string("ab")])
    }

    /// Expected texts recorded from libdbus 1.14.10 (Debian 12) with a C peer registering `/` and a
    /// child path whose handler declines every call, as bluetoothd's gdbus does.
    @Test("Unhandled calls get libdbus's error names and texts, byte for byte", arguments: [
        ("/com/example/nothing", "Concat", "ss", DBusErrorName.unknownObject),
        ("/com/example", "Concat", "ss", DBusErrorName.unknownMethod),
        ("/com/example/echo", "NoSuchMethod", "ss", DBusErrorName.unknownMethod),
    ])
    func unhandledCallTexts(path: String, method: String, signature: String, name: String) async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let text = "Method \"\(method)\" with signature \"\(signature)\" on interface \"com.example.Test\" doesn't exist\n"
        await #expect(throws: DBusError.remote(name: name, message: text)) {
            try await client.call(destination: "com.example.Echo", path: ObjectPath(stringLiteral: path),
                                  interface: EchoService.interface, method: method, arguments: [.string("a"), .string("b")])
        }
    }

    @Test("A handler can reply before it returns; the one reply is the early one")
    func earlyReply() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        // The handler sleeps for an hour after replying: only an early reply can arrive in time.
        let reply = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                          interface: EchoService.interface, method: "ReplyEarly", timeout: .seconds(5))
        #expect(reply == [.string("early")])
    }

    @Test("A reply with an unexpected signature is a typed error")
    func replySignatureMismatch() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        await #expect(throws: DBusError.signatureMismatch(expected: "u", actual: "s", context: "reply to com.example.Test.Concat")) {
            try await client.call(destination: "com.example.Echo", path: EchoService.path, interface: EchoService.interface,
                                  method: "Concat", arguments: [.string("a"), .string("b")], expecting: "u")
        }
    }
}
