import TestSupport
import DBus
import Testing

@Suite("Signals, match rules and name owners")
struct SignalTests {
    /// Match rules the bus holds for `name` (org.freedesktop.DBus.Debug.Stats).
    static func matchRuleCount(_ client: DBusConnection, of name: String) async throws -> UInt32? {
        let stats = try await client.call(destination: DBusBus.name, path: DBusBus.path,
                                          interface: "org.freedesktop.DBus.Debug.Stats",
                                          method: "GetConnectionStats", arguments: [.string(name)], expecting: "a{sv}")
        return stats.first?.variantDict?["MatchRules"]?.uint32
    }

    @Test("A subscribed stream receives the signals its rule matches, from the right sender and path")
    func matchRules() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, object) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let before = try await Self.matchRuleCount(client, of: client.uniqueName)

        let ticks = try await client.subscribe(MatchRule(sender: "com.example.Echo", path: EchoService.path,
                                                         interface: EchoService.interface, member: "Tick",
                                                         arguments: [:]))
        let odd = try await client.subscribe(MatchRule(interface: EchoService.interface, member: "Tick"))
        #expect(try await Self.matchRuleCount(client, of: client.uniqueName) ?? 0 > before ?? 0)
        try object.emitSignal(interface: EchoService.interface, name: "Tick", arguments: [.uint32(1)])
        try server.emitSignal(path: "/com/example/other", interface: EchoService.interface, name: "Tick", arguments: [.uint32(2)])
        try object.emitSignal(interface: EchoService.interface, name: "Tick", arguments: [.uint32(3)])

        let consumer = Task { () -> [UInt32] in
            var seen: [UInt32] = []
            for await signal in ticks {
                #expect(signal.sender == server.uniqueName)
                #expect(signal.path == EchoService.path)
                seen.append(signal.arguments.first?.uint32 ?? 0)
                if seen.count == 2 { break }
            }
            return seen
        }
        #expect(try await withTimeout { await consumer.value } == [1, 3])
        let all = try await next(odd, "third tick") { $0.arguments.first?.uint32 == 3 }
        #expect(all?.path == EchoService.path)

    }

    @Test("A sender='well.known' rule is enforced locally and follows the name to its new owner")
    func senderFollowsOwner() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let first = try await DBusConnection.connect(address: bus.address)
        defer { first.close() }
        let second = try await DBusConnection.connect(address: bus.address)
        defer { second.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        try await first.requestName("com.example.Moving")
        // A broad rule makes the bus deliver every Tick; the sender rule must still filter locally.
        let everything = Recorder.start(try await client.subscribe(MatchRule(interface: EchoService.interface, member: "Tick")))
        let fromOwner = Recorder.start(try await client.subscribe(MatchRule(sender: "com.example.Moving",
                                                                            interface: EchoService.interface, member: "Tick")))
        let owners = Recorder.start(client.nameOwnerChanges("com.example.Moving"))
        #expect(try await owners.element(0, within: 10) == .some(first.uniqueName))

        // Signals from two connections are not ordered with each other, so each one is awaited
        // on the broad stream before the next is sent; the filtered stream must skip the stranger's.
        func seen(_ n: UInt32) async throws {
            var index = 0
            while let signal = try await everything.element(index, within: 10), signal.arguments != [.uint32(n)] { index += 1 }
        }
        try second.emitSignal(path: "/t", interface: EchoService.interface, name: "Tick", arguments: [.uint32(1)])
        try await seen(1)
        try first.emitSignal(path: "/t", interface: EchoService.interface, name: "Tick", arguments: [.uint32(2)])
        #expect(try await fromOwner.element(0, within: 10)?.arguments == [.uint32(2)])

        try await first.releaseName("com.example.Moving")
        try await second.requestName("com.example.Moving")
        #expect(try await owners.element(2, within: 10) == .some(second.uniqueName))
        try first.emitSignal(path: "/t", interface: EchoService.interface, name: "Tick", arguments: [.uint32(3)])
        try await seen(3)
        try second.emitSignal(path: "/t", interface: EchoService.interface, name: "Tick", arguments: [.uint32(4)])
        #expect(try await fromOwner.element(1, within: 10)?.arguments == [.uint32(4)])
    }

    @Test("Streams end after cancellation and the bus drops their rules")
    func cancellationEndsStream() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let baseline = try await Self.matchRuleCount(client, of: client.uniqueName) ?? 0
        let consumer = Task {
            let stream = try await client.subscribe(MatchRule(interface: "com.example.None", member: "Nothing"))
            var count = 0
            for await _ in stream { count += 1 }
            return count
        }
        // Wait until the rule is active on the bus, then cancel the consumer.
        try await withTimeout(10, "AddMatch") {
            while try await Self.matchRuleCount(client, of: client.uniqueName) ?? 0 <= baseline { await Task.yield() }
        }
        consumer.cancel()
        #expect(try await withTimeout { try await consumer.value } == 0)
        try await withTimeout(10, "RemoveMatch") {
            while try await Self.matchRuleCount(client, of: client.uniqueName) ?? 0 > baseline { await Task.yield() }
        }
    }

    @Test("Dropping a stream that was never iterated removes its rule too")
    func droppedStream() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let baseline = try await Self.matchRuleCount(client, of: client.uniqueName) ?? 0
        do {
            let stream = try await client.subscribe(MatchRule(interface: "com.example.None", member: "Dropped"))
            #expect(try await Self.matchRuleCount(client, of: client.uniqueName) == baseline + 1)
            _ = stream
        }
        try await withTimeout(10, "RemoveMatch after drop") {
            while try await Self.matchRuleCount(client, of: client.uniqueName) ?? 0 > baseline { await Task.yield() }
        }
    }

    @Test("Cancelling the task awaiting a call fails it with .cancelled")
    func cancelledCall() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, _) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let pending = Task { () -> DBusError? in
            do throws(DBusError) {
                _ = try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                          interface: EchoService.interface, method: "Never", timeout: .seconds(600))
                return nil
            } catch { return error }
        }
        pending.cancel()
        #expect(try await withTimeout { await pending.value } == .cancelled)
        #expect(try await client.nameOwner("com.example.Echo") == server.uniqueName)
    }

    @Test("nameOwnerChanges reports the owner, then its loss, as a second connection takes and releases a name")
    func nameOwnerChanged() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let watcher = try await DBusConnection.connect(address: bus.address)
        defer { watcher.close() }
        let owner = try await DBusConnection.connect(address: bus.address)
        defer { owner.close() }
        let changes = Recorder.start(watcher.nameOwnerChanges("com.example.Watched"))
        let first = try await changes.element(0, within: 10)
        #expect(first == .some(nil))
        #expect(try await owner.requestName("com.example.Watched") == .primaryOwner)
        #expect(try await owner.requestName("com.example.Watched") == .alreadyOwner)
        #expect(try await watcher.requestName("com.example.Watched", flags: .doNotQueue) == .exists)
        let taken = try await changes.element(1, within: 10)
        #expect(taken == .some(owner.uniqueName))
        try await owner.releaseName("com.example.Watched")
        let released = try await changes.element(2, within: 10)
        #expect(released == .some(nil))
        #expect(try await watcher.nameOwner("com.example.Watched") == nil)
    }

    @Test("Invalid rules, names and paths are refused with errors instead of aborting in libdbus")
    func invalidInputs() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        await #expect(throws: DBusError.self) { try await client.subscribe(MatchRule(member: "1bad")) }
        await #expect(throws: DBusError.self) {
            try await client.call(destination: "not a name", path: "/", interface: DBusBus.interface, method: "GetId")
        }
        await #expect(throws: DBusError.self) {
            try await client.call(destination: DBusBus.name, path: "no/slash", interface: DBusBus.interface, method: "GetId")
        }
        await #expect(throws: DBusError.self) {
            try await client.call(destination: DBusBus.name, path: "/", interface: "nodots", method: "GetId")
        }
        await #expect(throws: DBusError.self) {
            try await client.call(destination: DBusBus.name, path: "/", interface: DBusBus.interface, method: "Get-Id")
        }
        await #expect(throws: DBusError.self) {
            try await client.call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                  method: "GetNameOwner", arguments: [.objectPath("//bad")])
        }
        await #expect(throws: DBusError.self) {
            try await client.call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                  method: "GetNameOwner", arguments: [.signature("a{vs}")])
        }
        await #expect(throws: DBusError.self) {
            try await client.call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                  method: "GetNameOwner", arguments: [.string("nul\0inside")])
        }
        await #expect(throws: DBusError.self) {
            try await client.call(destination: DBusBus.name, path: DBusBus.path, interface: DBusBus.interface,
                                  method: "GetNameOwner", arguments: [.array(element: "s", [.int32(1)])])
        }
        #expect(throws: DBusError.self) { try client.emitSignal(path: "/x", interface: "a.b", name: "bad name") }
        #expect(throws: DBusError.self) { try client.export(DBusObject(path: "/trailing/", interfaces: [])) }
        let stillAlive = try await client.call(destination: DBusBus.name, path: DBusBus.path,
                                               interface: DBusBus.interface, method: "GetId")
        #expect(stillAlive.count == 1)
    }
}
