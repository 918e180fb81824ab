import TestSupport
import BlueZ
import DBus
import Testing

/// The pure mirror, fed with the shapes bluetoothd emits (reference/bluez-api.md §0, §1, §3).
struct ObjectCacheTests {
    static let adapter: ObjectPath = "/org/bluez/hci0"
    static let cuff: ObjectPath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_01"
    static let service: ObjectPath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_01/service000c"
    static let measurement: ObjectPath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_01/service000c/char000d"

    static func deviceProperties(connected: Bool = false) -> [String: DBusValue] {
        [
            "Address": .string("AA:BB:CC:DD:EE:01"), "AddressType": .string("public"),
            "Name": .string("BLESmart_00000480AABBCC"), "Alias": .string("BLESmart_00000480AABBCC"),
            "Paired": .boolean(false), "Bonded": .boolean(false), "Trusted": .boolean(false),
            "Connected": .boolean(connected), "ServicesResolved": .boolean(false), "RSSI": .int16(-58),
            "UUIDs": .strings(["00001810-0000-1000-8000-00805f9b34fb"]), "Adapter": .objectPath(adapter),
            "ManufacturerData": .dictionary(key: "q", value: "v", [
                DBusDictEntry(key: .uint16(0x020E), value: .variant(.bytes([0x01, 0x00, 0x1C]))),
            ]),
            "ServiceData": .dictionary(key: "s", value: "v", [
                DBusDictEntry(key: .string("0000181d-0000-1000-8000-00805f9b34fb"), value: .variant(.bytes([0]))),
            ]),
        ]
    }

    static func managed(_ objects: [(ObjectPath, [String: [String: DBusValue]])]) -> DBusValue {
        .dictionary(key: "o", value: "a{sa{sv}}", objects.map { path, interfaces in
            DBusDictEntry(key: .objectPath(path), value: interfacesValue(interfaces))
        })
    }

    static func interfacesValue(_ interfaces: [String: [String: DBusValue]]) -> DBusValue {
        .dictionary(key: "s", value: "a{sv}", interfaces.sorted { $0.key < $1.key }.map {
            DBusDictEntry(key: .string($0.key), value: .stringVariantDict($0.value))
        })
    }

    static let adapterInterfaces: [String: [String: DBusValue]] = [
        "org.bluez.Adapter1": ["Address": .string("00:1a:7d:da:71:13"), "Powered": .boolean(true),
                               "Discovering": .boolean(false), "Roles": .strings(["central", "peripheral"])],
        "org.freedesktop.DBus.Introspectable": [:],
    ]

    @Test func parsesManagedObjectsIntoTypedSnapshots() throws {
        let reply = Self.managed([
            (Self.adapter, Self.adapterInterfaces),
            (Self.cuff, ["org.bluez.Device1": Self.deviceProperties(), "org.freedesktop.DBus.Properties": [:]]),
        ])
        let objects = try #require(BlueZObjectCache.parseManagedObjects([reply]))
        var cache = BlueZObjectCache()
        let events = cache.replaceAll(with: objects)
        #expect(events.count == 2)
        let adapter = try #require(cache.adapters.first)
        #expect(adapter.address == "00:1A:7D:DA:71:13" && adapter.powered && adapter.roles.contains("central"))
        let device = try #require(cache.device(address: "aa:bb:cc:dd:ee:01"))
        #expect(device.path == Self.cuff && device.rssi == -58 && device.adapter == Self.adapter)
        #expect(device.manufacturerData == [0x020E: [0x01, 0x00, 0x1C]])
        #expect(device.serviceData[.weightScaleService] == [0])
        #expect(device.offers(.bloodPressureService) && device.offers(.weightScaleService))
        #expect(BlueZObjectCache.parseManagedObjects([.string("nope")]) == nil)
    }

    @Test func signalsProduceOrderedEventsAndValuesRepeat() throws {
        var cache = BlueZObjectCache()
        _ = cache.addInterfaces(Self.cuff, ["org.bluez.Device1": Self.deviceProperties()])
        var events = cache.propertiesChanged(Self.cuff, interface: "org.bluez.Device1",
                                             changed: ["Connected": .boolean(true)], invalidated: [])
        #expect(events.contains(.connected(Self.cuff)))
        events = cache.addInterfaces(Self.service, ["org.bluez.GattService1": [
            "UUID": .string("00001810-0000-1000-8000-00805f9b34fb"), "Device": .objectPath(Self.cuff), "Primary": .boolean(true)]])
        events += cache.addInterfaces(Self.measurement, ["org.bluez.GattCharacteristic1": [
            "UUID": .string("00002a35-0000-1000-8000-00805f9b34fb"), "Service": .objectPath(Self.service),
            "Flags": .strings(["indicate"]), "Notifying": .boolean(false)]])
        #expect(events.count == 2)
        #expect(cache.characteristic(of: Self.cuff, uuid: .bloodPressureMeasurement)?.path == Self.measurement)
        let value: [UInt8] = [0x1E, 0x78, 0x00]
        let first = cache.propertiesChanged(Self.measurement, interface: "org.bluez.GattCharacteristic1",
                                            changed: ["Value": .bytes(value)], invalidated: [])
        let second = cache.propertiesChanged(Self.measurement, interface: "org.bluez.GattCharacteristic1",
                                             changed: ["Value": .bytes(value)], invalidated: [])
        #expect(first == [.characteristicValue(Self.measurement, value)])
        #expect(second == first)

        cache.noteDisconnectReason(Self.cuff, reason: "org.bluez.Reason.Remote")
        events = cache.propertiesChanged(Self.cuff, interface: "org.bluez.Device1",
                                         changed: ["Connected": .boolean(false)], invalidated: ["RSSI"])
        #expect(events.last == .disconnected(Self.cuff, reason: "org.bluez.Reason.Remote"))
        #expect(cache.device(at: Self.cuff)?.rssi == nil)
    }

    @Test func unknownObjectsAreIgnoredAndRemovalCascades() throws {
        var cache = BlueZObjectCache()
        #expect(cache.propertiesChanged(Self.cuff, interface: "org.bluez.Device1", changed: ["RSSI": .int16(-1)], invalidated: []).isEmpty)
        _ = cache.addInterfaces(Self.cuff, ["org.bluez.Device1": Self.deviceProperties(connected: true)])
        let events = cache.removeAll()
        #expect(events == [.disconnected(Self.cuff, reason: "object removed"),
                           .deviceRemoved(Self.cuff, address: "AA:BB:CC:DD:EE:01")])
        #expect(cache.objects.isEmpty)
    }

    @Test func replaceAllReportsOnlyTheDifference() throws {
        var cache = BlueZObjectCache()
        _ = cache.replaceAll(with: [Self.adapter: Self.adapterInterfaces.filter { $0.key == "org.bluez.Adapter1" },
                                    Self.cuff: ["org.bluez.Device1": Self.deviceProperties()]])
        var changed = Self.deviceProperties(connected: true)
        changed["RSSI"] = nil
        let events = cache.replaceAll(with: [Self.cuff: ["org.bluez.Device1": changed]])
        #expect(events.first == .adapterRemoved(Self.adapter))
        #expect(events.contains(.connected(Self.cuff)))
        #expect(events.contains { if case let .deviceChanged(_, names) = $0 { names == ["Connected", "RSSI"] } else { false } })
    }

    /// Only a live report says a device advertises now: a cached RSSI in GetManagedObjects does not.
    @Test func advertisedOnlyFromLiveReports() throws {
        func advertised(_ events: [BlueZEvent]) -> Bool {
            events.contains { if case .advertised = $0 { true } else { false } }
        }
        var cache = BlueZObjectCache()
        // Start-up snapshot with a cached RSSI (discovery of another client, seconds or hours ago).
        let snapshot = cache.replaceAll(with: [Self.cuff: ["org.bluez.Device1": Self.deviceProperties()]])
        #expect(snapshot.contains { if case .deviceAdded = $0 { true } else { false } })
        #expect(!advertised(snapshot))
        // A later snapshot with a new RSSI (resync after a restart): still no report.
        var moved = Self.deviceProperties()
        moved["RSSI"] = .int16(-70)
        #expect(!advertised(cache.replaceAll(with: [Self.cuff: ["org.bluez.Device1": moved]])))
        // PropertiesChanged with RSSI, ManufacturerData or ServiceData: reported now, after deviceChanged.
        for property in ["RSSI", "ManufacturerData", "ServiceData"] {
            let value = try #require(Self.deviceProperties()[property])
            let events = cache.propertiesChanged(Self.cuff, interface: "org.bluez.Device1", changed: [property: value], invalidated: [])
            #expect(advertised(events), "\(property)")
            #expect(events.count == 2 && events.last.map { if case let .advertised(device) = $0 { device.address == "AA:BB:CC:DD:EE:01" } else { false } } == true)
        }
        // Other changes, and RSSI invalidated when discovery stops, are no report.
        #expect(!advertised(cache.propertiesChanged(Self.cuff, interface: "org.bluez.Device1",
                                                    changed: ["UUIDs": .strings([]), "Connected": .boolean(true)], invalidated: [])))
        #expect(!advertised(cache.propertiesChanged(Self.cuff, interface: "org.bluez.Device1", changed: [:], invalidated: ["RSSI"])))
        // The InterfacesAdded signal of a device found by discovery carries RSSI: a report; a stored
        // device announced without RSSI (bluetoothd starting) is none.
        var fresh = BlueZObjectCache()
        #expect(advertised(fresh.addInterfaces(Self.cuff, ["org.bluez.Device1": Self.deviceProperties()])))
        var stored = Self.deviceProperties()
        for name in ["RSSI", "ManufacturerData", "ServiceData"] { stored[name] = nil }
        var restarted = BlueZObjectCache()
        #expect(!advertised(restarted.addInterfaces(Self.cuff, ["org.bluez.Device1": stored])))
    }

    @Test func malformedObjectsNeverTrap() {
        var cache = BlueZObjectCache()
        let events = cache.addInterfaces("/org/bluez/hci0/weird", ["org.bluez.Device1": ["Address": .uint32(7)]])
        #expect(events.isEmpty)
        #expect(cache.devices.isEmpty)
        #expect(Device.address(fromPath: "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_0") == nil)
        #expect(Device.address(fromPath: "/org/bluez/hci0/dev_aa_bb_cc_dd_ee_01") == "AA:BB:CC:DD:EE:01")
    }
}
