import TestSupport
import DBus
import Foundation
import Testing

@Suite("File descriptors, close and bus loss")
struct LifecycleTests {
    static func pipeEnds() throws(DBusError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw DBusError.invalidArgument("pipe failed") }
        return (fds[0], fds[1])
    }

    static func readAll(_ fd: Int32) -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            data += buffer[0..<count]
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `ReadAll(h) -> s` reads the passed fd to EOF; `OpenPipe() -> h` returns a pipe's read end
    /// with "from server" already written to it.
    static func fdObject() -> DBusObject {
        DBusObject(path: "/fd", interfaces: [DBusInterface(name: "com.example.Fd", methods: [
            DBusMethod(name: "ReadAll", in: [("fd", "h")], out: [("text", "s")]) { call throws(DBusError) in
                guard let handle = call.arguments.first?.fileDescriptor else { throw .invalidArgument("no fd") }
                return [.string(readAll(handle.rawValue))]
            },
            DBusMethod(name: "OpenPipe", out: [("fd", "h")]) { _ throws(DBusError) in
                let (r, w) = try pipeEnds()
                _ = "from server".withCString { write(w, $0, strlen($0)) }
                close(w)
                return [.unixFD(FileDescriptorHandle(takingOwnershipOf: r))]
            },
        ])])
    }

    @Test("Unix fds pass both ways: our pipe end is read by the service, its pipe end is read by us")
    func fileDescriptors() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let server = try await DBusConnection.connect(address: bus.address)
        defer { server.close() }
        try server.export(Self.fdObject())
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }

        let (r, w) = try Self.pipeEnds()
        let readEnd = FileDescriptorHandle(takingOwnershipOf: r)
        _ = "systolic 128".withCString { write(w, $0, strlen($0)) }
        close(w)
        let text = try await client.call(destination: server.uniqueName, path: "/fd", interface: "com.example.Fd",
                                         method: "ReadAll", arguments: [.unixFD(readEnd)], expecting: "s")
        #expect(text == [.string("systolic 128")])

        let reply = try await client.call(destination: server.uniqueName, path: "/fd", interface: "com.example.Fd",
                                          method: "OpenPipe", expecting: "h")
        let handle = try #require(reply.first?.fileDescriptor)
        #expect(Self.readAll(handle.rawValue) == "from server")
    }

    @Test("close() fails pending calls and ends signal streams with .disconnected")
    func closeEndsEverything() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        let stream = Recorder.start(try await client.subscribe(MatchRule(interface: EchoService.interface)))
        let pending = Task { () -> DBusError? in
            do throws(DBusError) {
                _ = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                          interface: EchoService.interface, method: "Never", timeout: .seconds(600))
                return nil
            } catch { return error }
        }
        // Make sure the call is in flight before closing: the server sees it as an active handler.
        try await withTimeout(10, "call in flight") {
            while true {
                let reply = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                                  interface: EchoService.interface, method: "Sender")
                if reply.count == 1 { break }
            }
        }
        client.close()
        #expect(try await withTimeout { await pending.value } == .disconnected)
        #expect(try await withTimeout { await stream.all() }.isEmpty)
        #expect(!client.isConnected)
        await #expect(throws: DBusError.disconnected) {
            try await client.call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface, method: "GetId")
        }
        #expect(throws: DBusError.disconnected) { try client.emitSignal(path: "/", interface: "a.b", name: "C") }
    }

    @Test("Killing the dbus-daemon ends streams and fails pending calls with .disconnected")
    func busDeath() async throws {
        let bus = try PrivateBus()
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let stream = Recorder.start(try await client.subscribe(MatchRule(interface: EchoService.interface)))
        let owners = Recorder.start(client.nameOwnerChanges("com.example.Echo"))
        #expect(try await owners.element(0, within: 10) == .some(server.uniqueName))
        let pending = Task { () -> DBusError? in
            do throws(DBusError) {
                _ = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                          interface: EchoService.interface, method: "Never", timeout: .seconds(600))
                return nil
            } catch { return error }
        }
        _ = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                  interface: EchoService.interface, method: "Sender")
        bus.kill()
        try await withTimeout { await client.waitUntilClosed() }
        #expect(try await withTimeout { await pending.value } == .disconnected)
        #expect(try await withTimeout { await stream.all() }.isEmpty)
        _ = try await withTimeout { await owners.all() }
        #expect(!client.isConnected)
        bus.stop()
    }

    @Test("Connections opened and closed in a loop, mid-call and mid-subscription, end cleanly")
    func churn() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, object) = try await EchoService.serve(on: bus)
        defer { server.close() }
        /// Connects, subscribes, calls; returns the unique name. The connection is dropped on return.
        func useAndDrop(_ round: Int) async throws -> String {
            let client = try await DBusConnection.connect(address: bus.address)
            let stream = client.signals(MatchRule(interface: EchoService.interface, member: "Tick"))
            let echoed = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                               interface: EchoService.interface, method: "Concat",
                                               arguments: [.string("r"), .string("\(round)")])
            #expect(echoed == [.string("r\(round)")])
            try object.emitSignal(interface: EchoService.interface, name: "Tick", arguments: [.uint32(UInt32(round))])
            _ = stream
            return client.uniqueName
        }
        for round in 0..<40 {
            if round.isMultiple(of: 2) {
                // Closed explicitly with a call in flight.
                let client = try await DBusConnection.connect(address: bus.address)
                let stream = Recorder.start(client.signals(MatchRule(interface: EchoService.interface, member: "Tick")))
                let pending = Task { () -> DBusError? in
                    do throws(DBusError) {
                        _ = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                                  interface: EchoService.interface, method: "Never", timeout: .seconds(600))
                        return nil
                    } catch { return error }
                }
                try object.emitSignal(interface: EchoService.interface, name: "Tick", arguments: [.uint32(UInt32(round))])
                client.close()
                #expect(try await withTimeout { await pending.value } == .disconnected)
                _ = try await withTimeout { await stream.all() }
            } else {
                // Closed by dropping the last reference: the bus sees the name go.
                let name = try await useAndDrop(round)
                let gone = Recorder.start(server.nameOwnerChanges(name))
                var index = 0
                while let owner = try await gone.element(index, within: 10), owner != nil { index += 1 }
            }
        }
        let names = try await server.call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                          method: "ListNames", expecting: "as")
        #expect((names.first?.strings ?? []).count < 10)
    }

    @Test("system() honours DBUS_SYSTEM_BUS_ADDRESS and session() DBUS_SESSION_BUS_ADDRESS")
    func wellKnownBuses() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (system, session) = try await withEnvironment(
            ["DBUS_SYSTEM_BUS_ADDRESS": bus.address, "DBUS_SESSION_BUS_ADDRESS": bus.address]
        ) { (try await DBusConnection.system(), try await DBusConnection.session()) }
        defer { system.close(); session.close() }
        let names = try await system.call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                          method: "ListNames", expecting: "as")
        #expect(names.first?.strings?.contains(session.uniqueName) == true)
    }

    @Test("Connecting to an address where no bus listens fails with connectionFailed")
    func noBus() async throws {
        await #expect(throws: DBusError.self) {
            try await DBusConnection.connect(address: "unix:path=/nonexistent/carehub/bus")
        }
        await #expect(throws: DBusError.self) { try await DBusConnection.connect(address: "nonsense") }
    }
}
