import TestSupport
import DBus
import Testing

@Suite("Exported objects: properties and ObjectManager")
struct ExportTests {
    @Test("Properties Get, GetAll and Set, with PropertiesChanged for set, changed and removed values")
    func properties() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (server, object) = try await EchoService.serve(on: bus)
        defer { server.close() }
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        func props(_ method: String, _ args: [DBusValue]) async throws -> [DBusValue] {
            try await client.call(destination: "com.example.Echo", path: EchoService.path,
                                  interface: DBusBus.propertiesInterface, method: method, arguments: args)
        }
        let changes = Recorder.start(try await client.subscribe(MatchRule(
            sender: "com.example.Echo", path: EchoService.path, interface: DBusBus.propertiesInterface, member: "PropertiesChanged")))

        #expect(try await props("Get", [.string(EchoService.interface), .string("Count")]) == [.variant(.uint32(1))])
        let all = try await props("GetAll", [.string(EchoService.interface)])
        #expect(all.first?.variantDict == ["Count": .uint32(1), "Name": .string("echo")])  // Optional is absent

        await #expect(throws: DBusError.remote(name: DBusErrorName.invalidArgs, message: "No such property 'Optional'")) {
            try await props("Get", [.string(EchoService.interface), .string("Optional")])
        }
        await #expect(throws: DBusError.remote(name: DBusErrorName.invalidArgs, message: "No such interface 'com.example.Nope'")) {
            try await props("GetAll", [.string("com.example.Nope")])
        }
        await #expect(throws: DBusError.remote(name: DBusErrorName.propertyReadOnly, message: "Property 'Name' is not writable")) {
            try await props("Set", [.string(EchoService.interface), .string("Name"), .variant(.string("x"))])
        }
        await #expect(throws: DBusError.self) {
            try await props("Set", [.string(EchoService.interface), .string("Count"), .variant(.string("wrong type"))])
        }

        _ = try await props("Set", [.string(EchoService.interface), .string("Count"), .variant(.uint32(5))])
        #expect(object.property(EchoService.interface, "Count") == .uint32(5))
        let first = try await changes.element(0, within: 10)
        #expect(first?.arguments == [.string(EchoService.interface), .stringVariantDict(["Count": .uint32(5)]), .strings([])])

        try object.setProperty(EchoService.interface, "Optional", .bytes([1, 2]))
        try object.setProperty(EchoService.interface, "Optional", .bytes([1, 2]))  // unchanged: no signal
        try object.setProperty(EchoService.interface, "Optional", .bytes([1, 2]), force: true)
        try object.setProperty(EchoService.interface, "Optional", nil)
        #expect(try await changes.element(1, within: 10)?.arguments[1] == .stringVariantDict(["Optional": .bytes([1, 2])]))
        #expect(try await changes.element(2, within: 10)?.arguments[1] == .stringVariantDict(["Optional": .bytes([1, 2])]))
        #expect(try await changes.element(3, within: 10)?.arguments == [
            .string(EchoService.interface), .stringVariantDict([(String, DBusValue)]()), .strings(["Optional"])])
        try object.invalidateProperty(EchoService.interface, "Name")
        #expect(try await changes.element(4, within: 10)?.arguments == [
            .string(EchoService.interface), .stringVariantDict([(String, DBusValue)]()), .strings(["Name"])])
        #expect(object.property(EchoService.interface, "Name") == .string("echo"))
        #expect(throws: DBusError.self) { try object.setProperty(EchoService.interface, "Count", .string("typed wrong")) }
        #expect(throws: DBusError.self) { try object.setProperty(EchoService.interface, "Missing", .uint32(1)) }
    }

    @Test("ObjectManager: GetManagedObjects, and InterfacesAdded/Removed for objects and late interfaces")
    func objectManager() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let server = try await DBusConnection.connect(address: bus.address)
        defer { server.close() }
        try await server.requestName("org.example.Manager")
        let manager = try DBusObjectManager(connection: server, root: "/")
        let client = try await DBusConnection.connect(address: bus.address)
        defer { client.close() }
        let signals = Recorder.start(try await client.subscribe(MatchRule(
            sender: "org.example.Manager", path: "/", interface: DBusBus.objectManagerInterface)))

        let adapter = DBusObject(path: "/org/example/hci0", interfaces: [DBusInterface(
            name: "org.example.Adapter1",
            properties: [DBusProperty(name: "Powered", signature: "b", access: .readwrite, initial: .boolean(true))])])
        let device = DBusObject(path: "/org/example/hci0/dev_AA", interfaces: [DBusInterface(
            name: "org.example.Device1",
            properties: [DBusProperty(name: "RSSI", signature: "n", initial: nil),
                         DBusProperty(name: "Address", signature: "s", initial: .string("AA"))])])
        try manager.add(adapter)
        try manager.add(device)

        let added = try await signals.element(0, within: 10)
        #expect(added?.member == "InterfacesAdded")
        #expect(added?.arguments.first == .objectPath("/org/example/hci0"))
        let ifaces = added?.arguments.last?.dictEntries?.compactMap(\.key.string)
        #expect(ifaces == [DBusBus.introspectableInterface, DBusBus.propertiesInterface, "org.example.Adapter1"])

        let reply = try await client.call(destination: "org.example.Manager", path: "/", interface: DBusBus.objectManagerInterface,
                                          method: "GetManagedObjects", expecting: "a{oa{sa{sv}}}")
        let objects = reply.first?.dictEntries ?? []
        #expect(objects.compactMap(\.key.objectPath) == ["/org/example/hci0", "/org/example/hci0/dev_AA"])
        let deviceIfaces = objects.last?.value.dictEntries?.first { $0.key.string == "org.example.Device1" }
        #expect(deviceIfaces?.value.variantDict == ["Address": .string("AA")])

        try manager.addInterface(DBusInterface(name: "org.example.Battery1", properties: [
            DBusProperty(name: "Percentage", signature: "y", initial: .byte(80))]), to: "/org/example/hci0/dev_AA")
        let late = try await signals.element(2, within: 10)
        #expect(late?.member == "InterfacesAdded")
        #expect(late?.arguments.last == .dictionary(key: "s", value: "a{sv}", [
            DBusDictEntry(key: .string("org.example.Battery1"), value: .stringVariantDict(["Percentage": .byte(80)]))]))

        manager.removeInterface("org.example.Battery1", from: "/org/example/hci0/dev_AA")
        let lateRemoved = try await signals.element(3, within: 10)
        #expect(lateRemoved?.arguments == [.objectPath("/org/example/hci0/dev_AA"), .strings(["org.example.Battery1"])])

        manager.removeSubtree("/org/example/hci0")
        let removedDevice = try await signals.element(4, within: 10)
        let removedAdapter = try await signals.element(5, within: 10)
        #expect(removedDevice?.member == "InterfacesRemoved")
        #expect(removedDevice?.arguments.first == .objectPath("/org/example/hci0/dev_AA"))
        #expect(removedAdapter?.arguments == [.objectPath("/org/example/hci0"), .strings([
            DBusBus.introspectableInterface, DBusBus.propertiesInterface, "org.example.Adapter1"])])
        let empty = try await client.call(destination: "org.example.Manager", path: "/", interface: DBusBus.objectManagerInterface,
                                          method: "GetManagedObjects")
        #expect(empty.first?.dictEntries?.isEmpty == true)
        await #expect(throws: DBusError.remote(name: DBusErrorName.unknownObject, message: "Method \"Anything\" with signature \"\" on interface \"org.example.Adapter1\" doesn't exist\n")) {
            try await client.call(destination: "org.example.Manager", path: "/org/example/hci0",
                                  interface: "org.example.Adapter1", method: "Anything")
        }
    }
}
