import TestSupport
import BlueZ
import DBus
import Testing

/// The start-up race bleak's manager comments on: signals bluetoothd emits after it built the
/// GetManagedObjects reply but that reach us before the reply. A minimal org.bluez on a private bus
/// emits them from inside its GetManagedObjects handler, so the race happens every time.
struct ResyncTests {
    @Test func signalsThatRaceGetManagedObjectsAreReplayedOnTopOfTheReply() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let fake = try await DBusConnection.connect(address: bus.address)
        defer { fake.close() }
        let cuff = ObjectCacheTests.cuff
        let scale: ObjectPath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_02"
        let scaleProperties = ObjectCacheTests.deviceProperties().merging(["Address": .string("AA:BB:CC:DD:EE:02")]) { $1 }

        let manager = DBusObject(path: "/", interfaces: [DBusInterface(name: DBusBus.objectManagerInterface, methods: [
            DBusMethod(name: "GetManagedObjects", out: [("objects", "a{oa{sa{sv}}}")]) { _ throws(DBusError) in
                // The snapshot says "disconnected, no scale" ...
                let snapshot = ObjectCacheTests.managed([
                    (ObjectCacheTests.adapter, ObjectCacheTests.adapterInterfaces),
                    (cuff, ["org.bluez.Device1": ObjectCacheTests.deviceProperties(connected: false)]),
                ])
                // ... and what happened after it was taken goes out before the reply.
                try fake.emitSignal(path: cuff, interface: DBusBus.propertiesInterface, name: "PropertiesChanged", arguments: [
                    .string("org.bluez.Device1"), .stringVariantDict(["Connected": .boolean(true)]), .strings([]),
                ])
                try fake.emitSignal(path: "/", interface: DBusBus.objectManagerInterface, name: "InterfacesAdded", arguments: [
                    .objectPath(scale), ObjectCacheTests.interfacesValue(["org.bluez.Device1": scaleProperties]),
                ])
                return [snapshot]
            },
        ])])
        try fake.export(manager)
        try await fake.requestName("org.bluez")

        let connection = try await DBusConnection.connect(address: bus.address)
        let client = BlueZDBusClient(connection: connection)
        try await client.start()
        defer { Task { await client.stop(); connection.close() } }

        #expect(await client.device(at: cuff)?.connected == true)
        #expect(await client.device(address: "AA:BB:CC:DD:EE:02")?.path == scale)
        #expect(await client.adapters().count == 1)

        // Signals from another sender never reach the view, even on bluez-looking paths.
        let intruder = try await DBusConnection.connect(address: bus.address)
        defer { intruder.close() }
        let log = EventLog(client.events())
        try intruder.emitSignal(path: cuff, interface: DBusBus.propertiesInterface, name: "PropertiesChanged", arguments: [
            .string("org.bluez.Device1"), .stringVariantDict(["Connected": .boolean(false)]), .strings([]),
        ])
        try fake.emitSignal(path: cuff, interface: DBusBus.propertiesInterface, name: "PropertiesChanged", arguments: [
            .string("org.bluez.Device1"), .stringVariantDict(["RSSI": .int16(-40)]), .strings([]),
        ])
        _ = try await log.first("RSSI from bluetoothd") { if case let .deviceChanged(d, _) = $0 { d.rssi == -40 } else { false } }
        #expect(await client.device(at: cuff)?.connected == true)
        #expect(!(await log.all.contains(.disconnected(cuff, reason: nil))))
    }
}
