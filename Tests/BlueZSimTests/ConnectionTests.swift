import TestSupport
import BlueZSim
import Testing

/// A harness with discovery running and both devices found.
func discovered(_ json: String = twoDevices) throws -> Harness {
    let h = try Harness(json)
    h.advance(.milliseconds(5))
    h.call(.startDiscovery, "/org/bluez/hci0", sender: ":1.5", wait: .milliseconds(10))
    return h
}

@Suite("Simulation: connect, disconnect, GATT tree")
struct ConnectionTests {
    @Test("first connect: Connected=true, reply, GATT InterfacesAdded parent-first, then ServicesResolved")
    func firstConnect() throws {
        let h = try discovered()
        let mark = h.log.count
        let id = h.sim.handle(.connect, path: cuffPath, sender: ":1.10")
        h.advance(.milliseconds(200))
        let effects = h.since(mark)
        let connected = try #require(effects.firstIndex(of: .propertiesChanged(path: cuffPath, interface: BlueZInterface.device,
                                                                               changed: ["Connected": .bool(true)], invalidated: [])))
        let reply = try #require(effects.firstIndex(of: .reply(id, .success([]))))
        let added = effects.enumerated().compactMap { if case .interfacesAdded(let path, _) = $0.element { ($0.offset, path) } else { nil } }
        let resolved = try #require(effects.firstIndex {
            if case .propertiesChanged(cuffPath, BlueZInterface.device, let changed, _) = $0 { changed["ServicesResolved"] == .bool(true) } else { false }
        })
        #expect(connected < reply)
        #expect(added.allSatisfy { $0.0 > reply && $0.0 < resolved })
        let paths = added.map(\.1)
        #expect(paths.contains(bpmPath) && paths.contains(bpmPath + "/desc000f") && paths.contains(cuffPath + "/service000c"))
        for (index, path) in paths.enumerated() {
            let parent = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            if parent != cuffPath { #expect(paths[..<index].contains(parent), "\(parent) before \(path)") }
        }
        let char = try #require(h.sim.objects[bpmPath]?[BlueZInterface.characteristic])
        #expect(char["UUID"] == .string("00002a35-0000-1000-8000-00805f9b34fb"))
        #expect(char["Flags"] == .strings(["indicate"]))
        #expect(char["Handle"] == .uint16(0x000d) && char["MTU"]?.signature == "q")
        #expect(char["Notifying"] == .bool(false) && char["NotifyAcquired"] == nil && char["Value"] == nil)
        #expect(h.sim.objects[cuffPath + "/service000c"]?[BlueZInterface.service]?["Handle"] == .uint16(0x000c))
        let uuids = h.sim.property(cuffPath, BlueZInterface.device, "UUIDs")?.stringsValue ?? []
        #expect(uuids.contains("0000180a-0000-1000-8000-00805f9b34fb") && uuids.contains("00001805-0000-1000-8000-00805f9b34fb"))
        // Connecting again while connected: success, not AlreadyConnected.
        #expect(succeeded(h.call(.connect, cuffPath)))
    }

    @Test("disconnect: ServicesResolved=false, Disconnected signal, Connected=false, then the reply; cache keeps objects")
    func disconnectAndReconnect() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        let mark = h.log.count
        let id = h.sim.handle(.disconnect, path: cuffPath, sender: ":1.10")
        h.collect()
        let effects = h.since(mark)
        let order = effects.compactMap { effect -> String? in
            switch effect {
            case .propertiesChanged(cuffPath, BlueZInterface.device, let changed, _): changed.keys.sorted().joined()
            case .signal(cuffPath, BlueZInterface.device, "Disconnected", let args): "Disconnected:\(args.first?.stringValue ?? "")"
            case .reply(id, _): "reply"
            default: nil
            }
        }
        #expect(order == ["ServicesResolved", "Disconnected:org.bluez.Reason.Local", "Connected", "reply"])
        #expect(h.sim.objects[bpmPath] != nil, "Cache=always keeps the GATT objects")
        #expect(h.sim.property(bpmPath, BlueZInterface.characteristic, "MTU") == nil)
        #expect(error(h.call(.disconnect, cuffPath)) == .notConnected)
        #expect(error(h.call(.readValue([:]), bpmPath)) == .failed("Not connected"))

        let reconnect = h.log.count
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        #expect(!h.since(reconnect).contains { if case .interfacesAdded = $0 { true } else { false } }, "cached: no InterfacesAdded")
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "ServicesResolved") == .bool(true))
    }

    @Test("a peripheral connected across an advert tick (a slow Pair) is reported advertising again after it disconnects")
    func advertisingResumesAfterLongLink() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        // Longer than advertReportIntervalMs (500): the tick fires while the cuff is off air.
        h.advance(.seconds(2))
        #expect(h.call(.disconnect, cuffPath) != nil)
        let mark = h.log.count
        h.advance(.seconds(2))
        let adverts = h.since(mark).filter {
            if case .propertiesChanged(cuffPath, BlueZInterface.device, let changed, _) = $0 { changed["RSSI"] != nil } else { false }
        }
        #expect(adverts.count >= 2, "RSSI sightings resume every advert interval after the link drops")
    }

    @Test("le-connection-abort-by-local: Connected flaps true→false and Connect fails; the retry works")
    func abortByLocal() throws {
        let h = try discovered()
        h.sim.inject({ var f = FaultSpec(kind: .connectAbortByLocal); f.device = cuff; return f }())
        let mark = h.log.count
        let result = h.call(.connect, cuffPath, wait: .milliseconds(100))
        #expect(error(result) == SimError(name: "org.bluez.Error.Failed", message: "le-connection-abort-by-local"))
        let flaps = h.since(mark).compactMap {
            if case .propertiesChanged(cuffPath, BlueZInterface.device, let changed, _) = $0 { changed["Connected"] } else { nil }
        }
        #expect(flaps == [.bool(true), .bool(false)])
        #expect(succeeded(h.call(.connect, cuffPath, wait: .milliseconds(100))))
    }

    @Test("a silent peripheral: Connect hangs, then le-connection-timeout; Disconnect cancels with br-connection-canceled")
    func silentPeripheral() throws {
        let h = try discovered("""
        {"settings": {"connectTimeoutMs": 5000},
         "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "advertising": [{"startMs": 0, "durationMs": 50}]}]}
        """)
        h.advance(.milliseconds(100))
        let id = h.sim.handle(.connect, path: cuffPath, sender: ":1.10")
        h.advance(.milliseconds(4900))
        #expect(h.reply(id) == nil)
        #expect(error(h.call(.connect, cuffPath)) == .inProgress)
        h.advance(.milliseconds(200))
        #expect(error(h.reply(id)) == .failed("le-connection-timeout"))

        let second = h.sim.handle(.connect, path: cuffPath, sender: ":1.10")
        #expect(succeeded(h.call(.disconnect, cuffPath)))
        #expect(error(h.reply(second)) == .failed("br-connection-canceled"))
        // Every Connect is counted (GetState's connectCalls), the refused InProgress one too.
        #expect(h.sim.connectCalls[try #require(BluetoothAddress("AA:BB:CC:DD:EE:01"))] == 3)
    }

    @Test("connect completes when a pending peripheral starts advertising")
    func connectOnAdvert() throws {
        let h = try discovered("""
        {"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "advertising": [{"startMs": 0, "durationMs": 50}, {"startMs": 3000}]}]}
        """)
        h.advance(.milliseconds(100))
        let id = h.sim.handle(.connect, path: cuffPath, sender: ":1.10")
        h.advance(.milliseconds(2000))
        #expect(h.reply(id) == nil)
        h.advance(.milliseconds(1100))
        #expect(succeeded(h.reply(id)))
    }

    @Test("RemoveDevice disconnects, removes the device and its GATT children; bad paths are rejected")
    func removeDevice() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        let mark = h.log.count
        #expect(succeeded(h.call(.removeDevice(cuffPath), "/org/bluez/hci0")))
        let removed = h.since(mark).compactMap { if case .interfacesRemoved(let path, _) = $0 { path } else { nil } }
        #expect(removed.last == cuffPath && removed.contains(bpmPath + "/desc000f"))
        #expect(removed.firstIndex(of: bpmPath + "/desc000f")! < removed.firstIndex(of: bpmPath)!)
        #expect(h.sim.objects.keys.allSatisfy { !$0.hasPrefix(cuffPath) })
        #expect(error(h.call(.removeDevice(cuffPath), "/org/bluez/hci0")) == .doesNotExist)
        #expect(error(h.call(.removeDevice("/org/other"), "/org/bluez/hci0")) == .invalidArguments)
    }

    @Test("ReadValue returns DIS strings and updates Value; ATT errors map to BlueZ's strings")
    func readValue() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        let manufacturer = cuffPath + "/service0017/char0018"
        #expect(h.sim.property(manufacturer, BlueZInterface.characteristic, "UUID") == .string("00002a29-0000-1000-8000-00805f9b34fb"))
        #expect(h.call(.readValue([:]), manufacturer) == .success([.bytes(Array("CareHub Sim".utf8))]))
        #expect(h.values(at: manufacturer) == [Array("CareHub Sim".utf8)])
        #expect(error(h.call(.readValue([:]), bpmPath)) == .notPermitted("Read not permitted"))
        var fault = FaultSpec(kind: .attError)
        fault.device = cuff
        fault.characteristic = BluetoothUUID(short: 0x2A29)
        fault.code = 0x80
        h.sim.inject(fault)
        #expect(error(h.call(.readValue([:]), manufacturer)) == .failed("Operation failed with ATT error: 0x80"))
        #expect(error(h.call(.writeValue([1], [:]), cuffPath + "/service0001/char0002")) == .notAuthorized, "GAP is claimed")
        #expect(error(h.call(.writeValue([1], [:]), manufacturer)) == .notPermitted("Write not permitted"))
    }
}

@Suite("Simulation: knobs")
struct KnobTests {
    @Test("servicesResolvedEarly: ServicesResolved=true arrives before the last service's InterfacesAdded")
    func servicesResolvedEarly() throws {
        let h = try discovered("""
        {"settings": {"servicesResolvedEarly": true}, "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff"}]}
        """)
        let mark = h.log.count
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        let effects = h.since(mark)
        let resolved = try #require(effects.firstIndex {
            if case .propertiesChanged(cuffPath, BlueZInterface.device, let changed, _) = $0 { changed["ServicesResolved"] == .bool(true) } else { false }
        })
        let cts = try #require(effects.firstIndex { if case .interfacesAdded(cuffPath + "/service002a", _) = $0 { true } else { false } })
        #expect(resolved < cts)
    }

    @Test("cache no: GATT objects are removed on disconnect and re-added on reconnect")
    func cacheNo() throws {
        let h = try discovered("""
        {"settings": {"cache": "no"}, "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff"}]}
        """)
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        h.call(.disconnect, cuffPath)
        #expect(h.sim.objects[bpmPath] == nil)
        #expect(h.log.contains(.interfacesRemoved(path: bpmPath, interfaces: [BlueZInterface.characteristic])))
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        #expect(h.sim.objects[bpmPath] != nil)
    }
}
