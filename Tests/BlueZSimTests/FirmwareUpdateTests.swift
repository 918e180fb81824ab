import TestSupport
import BlueZSim
import Testing

@Suite("Simulation: firmware update / Service Changed")
struct FirmwareUpdateTests {
    static let movedMeasurement = cuffPath + "/service000f/char0010"

    @Test("with Service Changed: the next discovery replaces the cached tree, handles and paths move")
    func serviceChanged() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        h.call(.disconnect, cuffPath)
        var fault = FaultSpec(kind: .firmwareUpdate)
        fault.device = cuff
        h.sim.inject(fault)
        let mark = h.log.count
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        let effects = h.since(mark)
        #expect(effects.contains(.interfacesRemoved(path: bpmPath, interfaces: [BlueZInterface.characteristic])))
        #expect(h.sim.property(bpmPath, BlueZInterface.characteristic, "UUID") == .string("0000fff9-0000-1000-8000-00805f9b34fb"),
                "the old measurement path now names the new vendor characteristic")
        #expect(h.sim.property(Self.movedMeasurement, BlueZInterface.characteristic, "UUID") == .string("00002a35-0000-1000-8000-00805f9b34fb"))
        #expect(h.sim.property(cuffPath + "/service000c", BlueZInterface.service, "UUID") == .string("0000fff8-0000-1000-8000-00805f9b34fb"))
        let removed = effects.firstIndex { if case .interfacesRemoved = $0 { true } else { false } } ?? .max
        let resolved = effects.firstIndex {
            if case .propertiesChanged(cuffPath, BlueZInterface.device, let changed, _) = $0 { changed["ServicesResolved"] == .bool(true) } else { false }
        } ?? -1
        #expect(removed < resolved, "the tree is replaced before ServicesResolved")
    }

    @Test("without Service Changed the stale objects stay (bluez/bluez#191)")
    func staleObjects() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        var fault = FaultSpec(kind: .firmwareUpdate)
        fault.device = cuff
        fault.serviceChanged = false
        h.sim.inject(fault)
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "Connected") == .bool(false), "the update reboots the peripheral")
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        #expect(h.sim.objects[bpmPath] != nil)
        #expect(h.sim.objects[Self.movedMeasurement] == nil)
    }
}
