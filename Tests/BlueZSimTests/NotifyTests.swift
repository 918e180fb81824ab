import TestSupport
import BlueZSim
import Testing

@Suite("Simulation: notify sessions and stored readings")
struct NotifyTests {
    @Test("StartNotify: reply, Notifying=true, then one Value signal per stored reading, identical payloads included")
    func burst() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        let mark = h.log.count
        let id = h.sim.handle(.startNotify, path: bpmPath, sender: ":1.10")
        h.collect()
        #expect(h.sim.cccd(cuff, BluetoothUUID(short: 0x2A35)) == 0x0002, "indicate-only: CCCD 0x0002")
        h.advance(.milliseconds(100))
        let effects = h.since(mark)
        #expect(effects.first == .reply(id, .success([])))
        #expect(effects.dropFirst().first == .propertiesChanged(path: bpmPath, interface: BlueZInterface.characteristic,
                                                                changed: ["Notifying": .bool(true)], invalidated: []))
        let expected = [basicPayloads["bp-1"]!.bytes, basicPayloads["bp-2"]!.bytes, basicPayloads["bp-1"]!.bytes]
        #expect(h.values(at: bpmPath) == expected)
        #expect(h.sim.storedReadings(cuff).isEmpty, "the cuff deletes what it sent")
        #expect(succeeded(h.call(.startNotify, bpmPath)), "same client again: success")
        #expect(error(h.call(.startNotify, cuffPath + "/service0017/char0018")) == .notSupported)
        #expect(error(h.call(.stopNotify, bpmPath, sender: ":1.99")) == .failed("No notify session started"))
        #expect(succeeded(h.call(.stopNotify, bpmPath)))
        #expect(h.sim.cccd(cuff, BluetoothUUID(short: 0x2A35)) == 0)
        #expect(error(h.call(.acquireNotify([:]), bpmPath)) == .notSupported)
    }

    @Test("sessions survive link loss and are re-armed on reconnect; new readings flow without a new StartNotify")
    func rearm() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        h.call(.startNotify, bpmPath, wait: .milliseconds(100))
        h.call(.disconnect, cuffPath)
        #expect(h.sim.property(bpmPath, BlueZInterface.characteristic, "Notifying") == .bool(true))
        h.sim.triggerReadings(cuff, [ResolvedReading(characteristic: BluetoothUUID(short: 0x2A35), bytes: [9, 9], fixture: nil)])
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        #expect(h.values(at: bpmPath).last == [9, 9])
    }

    @Test("a device that needs a time write first, then disconnects after the burst")
    func timeWriteAndDisconnect() throws {
        let h = try discovered("""
        {"peripherals": [{"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "timeWriteRequired": true, "disconnectAfterBurstMs": 50,
          "readings": [{"fixture": "bp-1"}, {"fixture": "bp-2"}], "advertising": [{"startMs": 0, "durationMs": 60000}]}]}
        """)
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        h.call(.startNotify, bpmPath, wait: .milliseconds(100))
        #expect(h.values(at: bpmPath).isEmpty, "nothing before the Date Time write")
        let dateTime = cuffPath + "/service000c/char0015"
        #expect(h.sim.property(dateTime, BlueZInterface.characteristic, "UUID") == .string("00002a08-0000-1000-8000-00805f9b34fb"))
        #expect(succeeded(h.call(.writeValue([0xEA, 0x07, 11, 23, 14, 0, 0], [:]), dateTime)))
        h.advance(.milliseconds(30))
        #expect(h.values(at: bpmPath).count == 2)
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "Connected") == .bool(true))
        h.advance(.milliseconds(60))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "Connected") == .bool(false))
        #expect(h.log.contains(.signal(path: cuffPath, interface: BlueZInterface.device, member: "Disconnected",
                                       arguments: [.string("org.bluez.Reason.Remote"), .string("Connection terminated by remote user")])))
        #expect(!h.sim.isAdvertising(cuff), "the cuff powers off after its transfer")
        #expect(h.sim.writesReceived.map(\.bytes) == [[0xEA, 0x07, 11, 23, 14, 0, 0]])
    }

    @Test("a client leaving the bus drops its notify session and the CCCD")
    func clientLeaves() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        h.call(.startNotify, bpmPath, sender: ":1.10", wait: .milliseconds(100))
        h.call(.startNotify, bpmPath, sender: ":1.11")
        h.sim.clientVanished(":1.10")
        #expect(h.sim.cccd(cuff, BluetoothUUID(short: 0x2A35)) == 0x0002, "still one session left")
        h.sim.clientVanished(":1.11")
        h.collect()
        #expect(h.sim.cccd(cuff, BluetoothUUID(short: 0x2A35)) == 0)
        #expect(h.sim.property(bpmPath, BlueZInterface.characteristic, "Notifying") == .bool(false))
    }

    @Test("load run: N indications at the set rate, each reported with its sequence number")
    func loadRun() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        h.call(.startNotify, bpmPath, wait: .milliseconds(100))
        let mark = h.log.count
        #expect(h.sim.loadRun(cuff, count: 50, rateHz: 100) == nil)
        h.advance(.milliseconds(250))
        let sent = h.since(mark).compactMap { if case .indicationSent(_, _, let seq, true) = $0 { seq } else { nil } }
        #expect(sent == Array(0..<25), "100 Hz for 250 ms")
        h.advance(.seconds(1))
        let all = h.since(mark).compactMap { if case .indicationSent(_, _, let seq, true) = $0 { seq } else { nil } }
        #expect(all == Array(0..<50))
        #expect(h.sim.loadRun(scale, count: 1, rateHz: 1) == .notConnected)
    }

    @Test("a scale's load run repeats a weight payload after its stored readings are used up")
    func scaleLoadRunAfterBurst() throws {
        let h = try discovered()
        let weight = scalePath + "/service000c/char000d"
        h.call(.connect, scalePath, wait: .milliseconds(200))
        #expect(h.sim.property(weight, BlueZInterface.characteristic, "UUID") == .string("00002a9d-0000-1000-8000-00805f9b34fb"))
        h.call(.startNotify, weight, wait: .milliseconds(100))
        #expect(h.values(at: weight) == [basicPayloads["w-1"]!.bytes])
        #expect(h.sim.storedReadings(scale).isEmpty)
        #expect(h.sim.loadRun(scale, count: 2, rateHz: 100) == nil)
        h.advance(.milliseconds(100))
        #expect(h.values(at: weight) == Array(repeating: basicPayloads["w-1"]!.bytes, count: 3))
    }

    @Test("a scale without readings gets a weight-shaped load payload, not a blood-pressure one")
    func scaleLoadRunWithoutReadings() throws {
        let h = try discovered(#"{"peripherals": [{"address": "AA:BB:CC:DD:EE:02", "model": "scale"}]}"#)
        let weight = scalePath + "/service000c/char000d"
        h.call(.connect, scalePath, wait: .milliseconds(200))
        h.call(.startNotify, weight, wait: .milliseconds(100))
        #expect(h.sim.loadRun(scale, count: 1, rateHz: 100) == nil)
        h.advance(.milliseconds(50))
        #expect(h.values(at: weight) == [[0x00, 0xB0, 0x36]], "70.00 kg, SI, 0.005 kg resolution")
    }
}

@Suite("Simulation: AcquireNotify")
struct AcquireNotifyTests {
    static let battery = cuffPath + "/service0026/char0027"

    @Test("notify-flag chars export NotifyAcquired; AcquireNotify hands over a socket, notifications become datagrams")
    func acquire() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        #expect(h.sim.property(Self.battery, BlueZInterface.characteristic, "UUID") == .string("00002a19-0000-1000-8000-00805f9b34fb"))
        #expect(h.sim.property(Self.battery, BlueZInterface.characteristic, "NotifyAcquired") == .bool(false))
        #expect(h.sim.property(bpmPath, BlueZInterface.characteristic, "NotifyAcquired") == nil, "indicate-only: absent")
        #expect(error(h.call(.acquireNotify([:]), bpmPath)) == .notSupported)

        let mark = h.log.count
        let result = h.call(.acquireNotify([:]), Self.battery, sender: ":1.10")
        #expect(result == .success([.uint16(247)]))
        #expect(h.since(mark).first.map { if case .notifyAcquired(_, Self.battery) = $0 { true } else { false } } == true)
        #expect(h.sim.property(Self.battery, BlueZInterface.characteristic, "NotifyAcquired") == .bool(true))
        #expect(error(h.call(.startNotify, Self.battery)) == .notPermitted("Notify acquired"))
        #expect(error(h.call(.acquireNotify([:]), Self.battery)) == .notPermitted("Notify acquired"))

        #expect(h.sim.notifyValue(cuff, BluetoothUUID(short: 0x2A19), [42]))
        h.collect()
        #expect(h.log.contains(.notifyDatagram(characteristic: Self.battery, bytes: [42])))
        #expect(h.values(at: Self.battery).isEmpty, "no PropertiesChanged for acquired notifications")

        h.call(.disconnect, cuffPath)
        #expect(h.log.contains(.notifyReleased(characteristic: Self.battery)), "HUP on every disconnect")
        #expect(h.sim.property(Self.battery, BlueZInterface.characteristic, "NotifyAcquired") == .bool(false))
    }

    @Test("AcquireNotify is InProgress while a StartNotify session exists")
    func inProgress() throws {
        let h = try discovered()
        h.call(.connect, cuffPath, wait: .milliseconds(200))
        h.call(.startNotify, Self.battery)
        #expect(error(h.call(.acquireNotify([:]), Self.battery)) == .inProgress)
    }
}
