import TestSupport
import BlueZSim
import Testing

@Suite("Simulation: gdbus-like property coalescing and private addresses")
struct CoalescingTests {
    static func scenario(coalesce: Bool) -> String {
        """
        {"settings": {"coalesceProperties": \(coalesce)},
         "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "indicationSpacingMs": 0,
           "readings": [{"fixture": "bp-1"}, {"fixture": "bp-1"}, {"fixture": "bp-2"}]}]}
        """
    }

    /// PropertiesChanged effects on `path` (any interface) in `effects`.
    static func changes(_ effects: [SimEffect], _ path: String) -> [[String: SimValue]] {
        effects.compactMap { if case .propertiesChanged(path, _, let changed, _) = $0 { changed } else { nil } }
    }

    @Test("coalesceProperties merges one object's changes in one tick, latest value wins; off keeps them apart")
    func merges() throws {
        for coalesce in [false, true] {
            let h = try discovered("""
            {"settings": {"coalesceProperties": \(coalesce), "disconnectedSignal": false},
             "peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff"}],
             "faults": [{"fault": "connect-abort-by-local", "device": "AA:BB:CC:DD:EE:01"}]}
            """)
            // The abort flap: Connected true then false in one tick.
            var mark = h.log.count
            #expect(error(h.call(.connect, cuffPath, wait: .milliseconds(200)))?.message == "le-connection-abort-by-local")
            let flap = Self.changes(h.since(mark), cuffPath)
            #expect(flap == (coalesce ? [["Connected": .bool(false)]] : [["Connected": .bool(true)], ["Connected": .bool(false)]]))
            h.call(.connect, cuffPath, wait: .milliseconds(200))
            // Disconnect without the 5.83 signal: ServicesResolved=false and Connected=false in one tick, before the reply.
            mark = h.log.count
            #expect(succeeded(h.call(.disconnect, cuffPath)))
            let down = Self.changes(h.since(mark), cuffPath)
            let expected: [[String: SimValue]] = coalesce
                ? [["ServicesResolved": .bool(false), "Connected": .bool(false)]]
                : [["ServicesResolved": .bool(false)], ["Connected": .bool(false)]]
            #expect(down.filter { $0["MTU"] == nil } == expected)
        }
    }

    @Test("a reply or another signal ends the tick: nothing merges across it")
    func barriers() throws {
        let h = try discovered(Self.scenario(coalesce: true))
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        let mark = h.log.count
        h.call(.disconnect, cuffPath)
        let down = Self.changes(h.since(mark), cuffPath)
        #expect(down.filter { $0["MTU"] == nil } == [["ServicesResolved": .bool(false)], ["Connected": .bool(false)]],
                "the Disconnected signal sits between them")
    }

    @Test("coalescing keeps characteristic Value one signal per notification, identical payloads included")
    func valuesNeverMerge() throws {
        let h = try discovered(Self.scenario(coalesce: true))
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        h.call(.startNotify, bpmPath, wait: .milliseconds(100))
        let bp1 = basicPayloads["bp-1"]!.bytes, bp2 = basicPayloads["bp-2"]!.bytes
        #expect(h.values(at: bpmPath) == [bp1, bp1, bp2])
    }
}

@Suite("Simulation: resolvable private addresses")
struct PrivateAddressTests {
    static let rpa = """
    {"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "addressType": "random",
      "identityAddress": "C0:11:22:33:44:55", "pairing": {"method": "just-works"}}]}
    """

    @Test("an RPA device stays temporary when connected: a bluetoothd restart forgets it")
    func staysTemporary() throws {
        let h = try discovered(Self.rpa)
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "AddressType") == .string("random"))
        #expect(succeeded(h.call(.connect, cuffPath, wait: .milliseconds(200))))
        h.sim.restartDaemon(crash: false)
        h.advance(.seconds(1))
        #expect(h.sim.objects[cuffPath] == nil)
    }

    @Test("pairing reveals the identity: Address/AddressType change before the Pair reply, and the bond persists")
    func identityAfterPairing() throws {
        let h = try discovered(Self.rpa)
        let mark = h.log.count
        let id = h.sim.handle(.pair, path: cuffPath, sender: ":1.10")
        h.advance(.milliseconds(300))
        let effects = h.since(mark)
        let address = try #require(effects.firstIndex {
            if case .propertiesChanged(cuffPath, BlueZInterface.device, let changed, _) = $0 {
                changed["Address"] == .string("C0:11:22:33:44:55") && changed["AddressType"] == .string("public")
            } else { false }
        })
        let reply = try #require(effects.firstIndex(of: .reply(id, .success([]))))
        #expect(address < reply)
        h.sim.restartDaemon(crash: false)
        h.advance(.seconds(1))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "Address") == .string("C0:11:22:33:44:55"))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "Paired") == .bool(true))
    }
}
