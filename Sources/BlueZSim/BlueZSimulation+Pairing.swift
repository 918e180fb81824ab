// AgentManager1 and Device1.Pair: agent selection, Agent1 calls, SMP outcomes and error mapping.

extension BlueZSimulation {
    static let capabilities: Set<String> = ["", "DisplayOnly", "DisplayYesNo", "KeyboardOnly", "NoInputNoOutput", "KeyboardDisplay"]

    func registerAgent(_ call: CallID, _ sender: String, _ path: String, _ capability: String) {
        guard Self.capabilities.contains(capability) else { return fail(call, .invalidArguments) }
        guard agents[sender] == nil else { return fail(call, .alreadyExists) }
        agents[sender] = (path, capability.isEmpty ? "KeyboardDisplay" : capability)
        if defaultAgent == nil { defaultAgent = sender }
        reply(call)
    }

    func unregisterAgent(_ call: CallID, _ sender: String, _ path: String) {
        guard agents[sender]?.path == path else { return fail(call, .doesNotExist) }
        agents[sender] = nil
        if defaultAgent == sender { defaultAgent = nil }
        reply(call)
    }

    func requestDefaultAgent(_ call: CallID, _ sender: String, _ path: String) {
        guard agents[sender]?.path == path else { return fail(call, .doesNotExist) }
        defaultAgent = sender
        reply(call)
    }

    /// The agent bluetoothd asks: the caller's, else the default one (device.c new_auth).
    func agent(for sender: String) -> (owner: String, path: String, capability: String)? {
        if let own = agents[sender] { return (sender, own.path, own.capability) }
        if let owner = defaultAgent, let agent = agents[owner] { return (owner, agent.path, agent.capability) }
        return nil
    }

    func pair(_ call: CallID, _ sender: String, _ address: BluetoothAddress) {
        guard let device = devices[address], let index = adapterIndex(device.adapterID) else { return fail(call, .doesNotExist) }
        guard adapters[index].powered else { return fail(call, .notReady) }
        if device.paired { return fail(call, .alreadyExists) }
        if device.pendingPair != nil || device.pendingConnect != nil { return fail(call, .inProgress) }
        if takeFault(.connectInProgress, address) != nil { return fail(call, .inProgress) }
        makePersistent(address)
        devices[address]?.pendingPair = PairState(call: call, sender: sender, stage: device.connected ? .smp : .connecting)
        if device.connected { startSMP(address) } else { beginLink(address) }
    }

    func startSMP(_ address: BluetoothAddress) {
        guard let pair = devices[address]?.pendingPair, let peripheral = peripherals[address],
              let path = devicePath(address) else { return }
        devices[address]?.pendingPair?.stage = .smp
        if takeFault(.pairRejected, address) != nil || !peripheral.spec.pairing.pairingMode {
            return finishPair(address, .authenticationRejected)
        }
        let link = devices[address]?.link ?? 0
        let passkey = peripheral.spec.pairing.passkey
        // Implicit pairing (security upgrade) always goes to the default agent (device.c new_auth).
        let agent = pair.implicitNotify == nil ? agent(for: pair.sender) : agent(for: "")
        switch peripheral.spec.pairing.method {
        case .none where pair.implicitNotify != nil, .justWorks where pair.implicitNotify != nil:
            // Just Works not initiated by our Pair() needs RequestAuthorization.
            guard let agent else { return finishPair(address, .authenticationFailed) }
            let id = callAgent(agent.owner, agent.path, "RequestAuthorization", [.objectPath(path)], expectsReply: true)
            agentRequests[id] = AgentRequestState(address: address, method: "RequestAuthorization", owner: agent.owner, path: agent.path)
            devices[address]?.pendingPair?.stage = .awaitingAgent(id)
            schedule(afterMs: settings.agentTimeoutMs, .agentTimeout(id))
        case .none, .justWorks:
            // Just Works during our own Pair() is auto-accepted without asking the agent.
            schedule(afterMs: settings.pairingDelayMs, .pairComplete(address, link: link))
        case .passkey, .confirm:
            guard let agent, agent.capability != "NoInputNoOutput" else { return finishPair(address, .authenticationFailed) }
            let isPasskey = peripheral.spec.pairing.method == .passkey
            let id = callAgent(agent.owner, agent.path, isPasskey ? "RequestPasskey" : "RequestConfirmation",
                               isPasskey ? [.objectPath(path)] : [.objectPath(path), .uint32(passkey)], expectsReply: true)
            agentRequests[id] = AgentRequestState(address: address, method: isPasskey ? "RequestPasskey" : "RequestConfirmation",
                                                  owner: agent.owner, path: agent.path)
            devices[address]?.pendingPair?.stage = .awaitingAgent(id)
            schedule(afterMs: settings.agentTimeoutMs, .agentTimeout(id))
        case .displayPasskey:
            guard let agent, agent.capability != "NoInputNoOutput" else { return finishPair(address, .authenticationFailed) }
            _ = callAgent(agent.owner, agent.path, "DisplayPasskey", [.objectPath(path), .uint32(passkey), .uint16(0)], expectsReply: false)
            schedule(afterMs: settings.pairingDelayMs, .pairComplete(address, link: link))
        }
    }

    @discardableResult
    func callAgent(_ owner: String, _ path: String, _ method: String, _ arguments: [SimValue], expectsReply: Bool) -> UInt64 {
        let id = nextAgentRequestID
        nextAgentRequestID += 1
        let call = AgentCall(id: id, owner: owner, path: path, method: method, arguments: arguments, expectsReply: expectsReply)
        agentCallsMade.append(call)
        emit(.agentCall(call))
        return id
    }

    /// Feeds the agent's answer back (success values, or the error it replied with).
    public func agentReplied(id: UInt64, result: SimResult) {
        guard let request = agentRequests.removeValue(forKey: id) else { return }
        let address = request.address
        guard let pair = devices[address]?.pendingPair, pair.stage == .awaitingAgent(id) else { return }
        guard case .success(let values) = result else { return finishPair(address, .authenticationFailed) }
        if request.method == "RequestPasskey" {
            guard values.first?.uint32Value == peripherals[address]?.spec.pairing.passkey else {
                return finishPair(address, .authenticationFailed)
            }
        }
        devices[address]?.pendingPair?.stage = .smp
        schedule(afterMs: settings.pairingDelayMs, .pairComplete(address, link: devices[address]?.link ?? 0))
    }

    func agentTimedOut(_ id: UInt64) {
        guard let request = agentRequests.removeValue(forKey: id) else { return }
        callAgent(request.owner, request.path, "Cancel", [], expectsReply: false)
        finishPair(request.address, .authenticationFailed)
    }

    func cancelAgentRequests(for address: BluetoothAddress) {
        for (id, request) in agentRequests where request.address == address {
            agentRequests[id] = nil
            callAgent(request.owner, request.path, "Cancel", [], expectsReply: false)
        }
    }

    func pairComplete(_ address: BluetoothAddress, link: UInt64) {
        guard let device = devices[address], device.link == link, device.connected, let pair = device.pendingPair,
              let path = devicePath(address) else { return }
        peripherals[address]?.hasBond = true
        devices[address]?.paired = true
        devices[address]?.bonded = true
        if let spec = peripherals[address]?.spec, let identity = spec.identityAddress, !device.identityResolved {
            // SMP key distribution revealed the IRK/identity: device_update_addr() before the bond completes.
            devices[address]?.identityResolved = true
            devices[address]?.temporary = false
            set(path, BlueZInterface.device, ["Address": .string(identity.description),
                                              "AddressType": .string(spec.identityAddressType.rawValue)])
        }
        if let handle = pair.implicitNotify {
            set(path, BlueZInterface.device, ["Paired": .bool(true), "Bonded": .bool(true)])
            devices[address]?.pendingPair = nil
            return completeStartNotify(pair.call, pair.sender, address, handle)
        }
        if device.servicesResolved {
            set(path, BlueZInterface.device, ["Paired": .bool(true), "Bonded": .bool(true)])
            devices[address]?.pendingPair = nil
            reply(pair.call)
        } else {
            devices[address]?.pendingPair?.stage = .awaitingServices
        }
    }

    func finishPair(_ address: BluetoothAddress, _ error: SimError) {
        guard let pair = devices[address]?.pendingPair else { return }
        devices[address]?.pendingPair = nil
        // A failed security upgrade surfaces as the CCCD write's ATT error: Insufficient Authentication.
        fail(pair.call, pair.implicitNotify == nil ? error : .att(0x05))
    }

    func cancelPairing(_ call: CallID, _ address: BluetoothAddress) {
        guard devices[address]?.pendingPair != nil else { return fail(call, .doesNotExist) }
        cancelAgentRequests(for: address)
        finishPair(address, .authenticationCanceled)
        reply(call)
    }
}
