import DBus

/// The exported `org.bluez.Agent1` object: each method checks the caller, then asks the delegate.
extension PairingAgent {
    nonisolated func agentObject() -> DBusObject {
        let methods = [
            method("Release") { agent, _ in
                await agent.released()
                return []
            },
            method("RequestPinCode", in: [("device", "o")], out: [("pincode", "s")]) { agent, call throws(AgentRejection) in
                let device = await agent.agentDevice(call.arguments.first)
                return [.string(try await agent.delegate.requestPinCode(device: device))]
            },
            method("DisplayPinCode", in: [("device", "o"), ("pincode", "s")]) { agent, call throws(AgentRejection) in
                let device = await agent.agentDevice(call.arguments.first)
                try await agent.delegate.displayPinCode(device: device, pinCode: call.arguments.last?.string ?? "")
                return []
            },
            method("RequestPasskey", in: [("device", "o")], out: [("passkey", "u")]) { agent, call throws(AgentRejection) in
                let device = await agent.agentDevice(call.arguments.first)
                let passkey = try await agent.delegate.requestPasskey(device: device)
                guard passkey <= 999_999 else { throw .rejected }
                return [.uint32(passkey)]
            },
            method("DisplayPasskey", in: [("device", "o"), ("passkey", "u"), ("entered", "q")]) { agent, call in
                let device = await agent.agentDevice(call.arguments.first)
                let passkey = call.arguments.count > 1 ? call.arguments[1].uint32 ?? 0 : 0
                let entered = call.arguments.count > 2 ? call.arguments[2].uint16 ?? 0 : 0
                await agent.delegate.displayPasskey(device: device, passkey: passkey, entered: entered)
                return []
            },
            method("RequestConfirmation", in: [("device", "o"), ("passkey", "u")]) { agent, call throws(AgentRejection) in
                let device = await agent.agentDevice(call.arguments.first)
                let passkey = call.arguments.count > 1 ? call.arguments[1].uint32 ?? 0 : 0
                try await agent.delegate.requestConfirmation(device: device, passkey: passkey)
                return []
            },
            method("RequestAuthorization", in: [("device", "o")]) { agent, call throws(AgentRejection) in
                try await agent.delegate.requestAuthorization(device: await agent.agentDevice(call.arguments.first))
                return []
            },
            method("AuthorizeService", in: [("device", "o"), ("uuid", "s")]) { agent, call throws(AgentRejection) in
                let device = await agent.agentDevice(call.arguments.first)
                try await agent.delegate.authorizeService(device: device, uuid: call.arguments.last?.string ?? "")
                return []
            },
            method("Cancel") { agent, _ in
                await agent.delegate.cancel()
                return []
            },
        ]
        return DBusObject(path: path, interfaces: [DBusInterface(name: BlueZInterface.agent, methods: methods)])
    }

    /// Wraps a handler: refuses callers other than bluetoothd, maps `AgentRejection` to its error name.
    private nonisolated func method(_ name: String, in inArgs: [(String, Signature)] = [], out: [(String, Signature)] = [],
                                    _ body: @escaping @Sendable (PairingAgent, DBusMethodCall) async throws(AgentRejection) -> [DBusValue]) -> DBusMethod {
        // Strong capture: the exported object keeps the agent alive until `stop()` unexports it.
        DBusMethod(name: name, in: inArgs, out: out) { call throws(DBusError) in
            guard await self.client.bluezOwner() == call.sender else {
                throw .remote(name: AgentRejection.rejected.dbusName, message: "only bluetoothd may call the agent")
            }
            do throws(AgentRejection) {
                return try await body(self, call)
            } catch {
                throw .remote(name: error.dbusName, message: "\(name) \(error == .rejected ? "rejected" : "canceled")")
            }
        }
    }

    func agentDevice(_ value: DBusValue?) async -> AgentDevice {
        let path = value?.objectPath ?? "/"
        let device = await client.device(at: path)
        return AgentDevice(path: path, address: device?.address ?? Device.address(fromPath: path),
                           name: device?.name ?? device?.alias)
    }

    func released() async {
        registeredWith = nil
        await delegate.release()
    }
}
