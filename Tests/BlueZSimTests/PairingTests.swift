import TestSupport
import BlueZSim
import Testing

@Suite("Simulation: agents and pairing")
struct PairingTests {
    @Test("AgentManager1 registration rules")
    func agentManager() throws {
        let h = try discovered()
        #expect(error(h.call(.registerAgent(path: "/agent", capability: "Telepathy"), "/org/bluez")) == .invalidArguments)
        #expect(succeeded(h.call(.registerAgent(path: "/agent", capability: "KeyboardDisplay"), "/org/bluez")))
        #expect(error(h.call(.registerAgent(path: "/agent2", capability: ""), "/org/bluez")) == .alreadyExists)
        #expect(error(h.call(.requestDefaultAgent("/other"), "/org/bluez")) == .doesNotExist)
        #expect(succeeded(h.call(.requestDefaultAgent("/agent"), "/org/bluez")))
        #expect(error(h.call(.unregisterAgent("/agent"), "/org/bluez", sender: ":1.99")) == .doesNotExist)
        #expect(succeeded(h.call(.unregisterAgent("/agent"), "/org/bluez")))
    }

    @Test("passkey pairing asks RequestPasskey; Paired comes with ServicesResolved before the Pair reply")
    func passkey() throws {
        let h = try discovered()
        h.call(.registerAgent(path: "/agent", capability: "KeyboardDisplay"), "/org/bluez", sender: ":1.10")
        let id = h.sim.handle(.pair, path: cuffPath, sender: ":1.10")
        h.advance(.milliseconds(25))
        let request = try #require(h.agentCalls.last)
        #expect(request.method == "RequestPasskey" && request.owner == ":1.10" && request.path == "/agent")
        #expect(request.arguments == [.objectPath(cuffPath)])
        h.sim.agentReplied(id: request.id, result: .success([.uint32(123_456)]))
        let mark = h.log.count
        h.advance(.milliseconds(200))
        let effects = h.since(mark)
        let paired = try #require(effects.firstIndex {
            if case .propertiesChanged(cuffPath, BlueZInterface.device, let changed, _) = $0 {
                changed["Paired"] == .bool(true) && changed["ServicesResolved"] == .bool(true) && changed["Bonded"] == .bool(true)
            } else { false }
        })
        let reply = try #require(effects.firstIndex(of: .reply(id, .success([]))))
        #expect(paired < reply)
        #expect(error(h.call(.pair, cuffPath, sender: ":1.10")) == .alreadyExists)
    }

    @Test("wrong passkey, rejecting agent or no agent → AuthenticationFailed; agent timeout sends Cancel")
    func failures() throws {
        let h = try discovered()
        h.call(.registerAgent(path: "/agent", capability: "KeyboardDisplay"), "/org/bluez", sender: ":1.10")
        var id = h.sim.handle(.pair, path: cuffPath, sender: ":1.10")
        h.advance(.milliseconds(25))
        h.sim.agentReplied(id: try #require(h.agentCalls.last).id, result: .success([.uint32(1)]))
        h.collect()
        #expect(error(h.reply(id)) == .authenticationFailed)

        id = h.sim.handle(.pair, path: cuffPath, sender: ":1.10")
        h.advance(.milliseconds(25))
        h.sim.agentReplied(id: try #require(h.agentCalls.last).id,
                           result: .failure(SimError(name: "org.bluez.Error.Rejected", message: "no")))
        h.collect()
        #expect(error(h.reply(id)) == .authenticationFailed)

        id = h.sim.handle(.pair, path: cuffPath, sender: ":1.10")
        h.advance(.seconds(61))
        #expect(error(h.reply(id)) == .authenticationFailed)
        #expect(h.agentCalls.last?.method == "Cancel")

        h.call(.unregisterAgent("/agent"), "/org/bluez", sender: ":1.10")
        #expect(error(h.call(.pair, cuffPath, sender: ":1.10", wait: .milliseconds(50))) == .authenticationFailed)
    }

    @Test("just-works pairing needs no agent; a refusing peer → AuthenticationRejected")
    func justWorks() throws {
        let h = try discovered()
        var fault = FaultSpec(kind: .pairRejected)
        fault.device = scale
        h.sim.inject(fault)
        #expect(error(h.call(.pair, scalePath, wait: .milliseconds(300))) == .authenticationRejected)
        #expect(succeeded(h.call(.pair, scalePath, wait: .milliseconds(300))))
        #expect(h.agentCalls.isEmpty)
        #expect(h.sim.property(scalePath, BlueZInterface.device, "Paired") == .bool(true))
    }

    @Test("CancelPairing answers the pending Pair with AuthenticationCanceled and cancels the agent request")
    func cancel() throws {
        let h = try discovered()
        h.call(.registerAgent(path: "/agent", capability: "KeyboardDisplay"), "/org/bluez", sender: ":1.10")
        let id = h.sim.handle(.pair, path: cuffPath, sender: ":1.10")
        h.advance(.milliseconds(25))
        #expect(succeeded(h.call(.cancelPairing, cuffPath)))
        #expect(error(h.reply(id)) == .authenticationCanceled)
        #expect(h.agentCalls.last?.method == "Cancel")
        #expect(error(h.call(.cancelPairing, cuffPath)) == .doesNotExist)
    }

    @Test("bond lost on the peripheral: Connect fails le-connection-key-missing, Pair says AlreadyExists until RemoveDevice")
    func bondLost() throws {
        let h = try discovered("""
        {"peripherals": [{"address": "AA:BB:CC:DD:EE:02", "model": "scale", "paired": true, "pairing": {"method": "just-works"}}],
         "faults": [{"fault": "bond-lost", "device": "AA:BB:CC:DD:EE:02"}]}
        """)
        #expect(h.sim.property(scalePath, BlueZInterface.device, "Paired") == .bool(true))
        #expect(error(h.call(.connect, scalePath, wait: .milliseconds(100))) == .failed("le-connection-key-missing"))
        #expect(error(h.call(.pair, scalePath)) == .alreadyExists)
        h.call(.removeDevice(scalePath), "/org/bluez/hci0")
        h.advance(.seconds(1))
        h.sim.advertise(scale, durationMs: nil)
        h.collect()
        #expect(succeeded(h.call(.pair, scalePath, wait: .milliseconds(300))))
    }
}

@Suite("Simulation: implicit pairing on a security-gated CCCD")
struct ImplicitPairingTests {
    static let gated = """
    {"peripherals": [
      {"address": "AA:BB:CC:DD:EE:01", "model": "cuff", "securityRequired": true, "pairing": {"method": "passkey", "passkey": 123456},
       "readings": [{"fixture": "bp-1"}]},
      {"address": "AA:BB:CC:DD:EE:02", "model": "scale", "securityRequired": true, "pairing": {"method": "just-works"},
       "readings": [{"fixture": "w-1"}]}
    ]}
    """

    @Test("StartNotify before pairing asks the default agent, pairs, then subscribes and delivers")
    func passkeyUpgrade() throws {
        let h = try discovered(Self.gated)
        h.call(.registerAgent(path: "/agent", capability: "KeyboardDisplay"), "/org/bluez", sender: ":1.30")
        h.call(.connect, cuffPath, sender: ":1.10", wait: .milliseconds(200))
        let id = h.sim.handle(.startNotify, path: bpmPath, sender: ":1.10")
        h.collect()
        let request = try #require(h.agentCalls.last)
        #expect(request.method == "RequestPasskey" && request.owner == ":1.30", "implicit pairing goes to the default agent")
        #expect(h.reply(id) == nil)
        h.sim.agentReplied(id: request.id, result: .success([.uint32(123_456)]))
        h.advance(.milliseconds(100))
        #expect(succeeded(h.reply(id)))
        #expect(h.sim.property(cuffPath, BlueZInterface.device, "Paired") == .bool(true))
        #expect(h.values(at: bpmPath) == [basicPayloads["bp-1"]!.bytes])
    }

    @Test("Just Works upgrade asks RequestAuthorization; without a default agent StartNotify fails NotPermitted \"Not paired\"")
    func justWorksAndNoAgent() throws {
        let h = try discovered(Self.gated)
        h.call(.connect, scalePath, wait: .milliseconds(200))
        #expect(error(h.call(.startNotify, scalePath + "/service000c/char000d", wait: .milliseconds(100))) == .notPermitted("Not paired"))
        h.call(.registerAgent(path: "/agent", capability: ""), "/org/bluez", sender: ":1.30")
        let id = h.sim.handle(.startNotify, path: scalePath + "/service000c/char000d", sender: ":1.10")
        h.collect()
        let request = try #require(h.agentCalls.last)
        #expect(request.method == "RequestAuthorization")
        h.sim.agentReplied(id: request.id, result: .success([]))
        h.advance(.milliseconds(100))
        #expect(succeeded(h.reply(id)))
        #expect(h.values(at: scalePath + "/service000c/char000d") == [basicPayloads["w-1"]!.bytes])
    }
}
