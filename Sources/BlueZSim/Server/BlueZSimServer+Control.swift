import DBus
import Foundation

/// `org.carehub.BlueZSim1` at `/` on the name `org.carehub.BlueZSim`: drives the simulation from tests.
extension BlueZSimServer {
    /// Every control method with its help line (also printed by `bluez-sim --help`).
    public static let controlMethods: [(signature: String, help: String)] = [
        ("Advertise(s address, u duration_ms)", "open an advertising window now (0 = until the end)"),
        ("TriggerReadings(s address, as readings)", "queue stored readings (fixture ids, or \"hex:<bytes>\" for the measurement characteristic); sent at once if subscribed"),
        ("Notify(s address, s characteristic, ay value)", "the peripheral notifies/indicates value on a characteristic now (e.g. battery 2A19), if subscribed"),
        ("InjectFault(s fault, s json_args)", "inject a fault (see FAULTS), e.g. InjectFault \"connect-abort-by-local\" '{\"device\":\"AA:BB:CC:DD:EE:01\"}'"),
        ("RestartDaemon(b crash)", "bluetoothd restart (crash=true: no InterfacesRemoved, no Agent1.Release)"),
        ("RemoveAdapter(s adapter, u return_after_ms, s return_as)", "the adapter vanishes; returns after return_after_ms (0 = stays away) as return_as (\"\" = same name)"),
        ("RestoreAdapter(s adapter, s as_name)", "a removed adapter comes back"),
        ("LoadRun(s address, u count, d rate_hz)", "send count indications at rate_hz on the measurement characteristic of a connected, subscribed device"),
        ("GetState() -> s json", "inspection: daemon state, bluez owner, per device advertising, Connect calls, CCCDs, stored readings, writes received, agent calls"),
    ]

    nonisolated func controlObject() -> DBusObject {
        func control(_ name: String, in inArgs: [(String, Signature)] = [], out: [(String, Signature)] = [],
                     _ body: @escaping @Sendable (BlueZSimServer, [DBusValue]) async throws(DBusError) -> [DBusValue]) -> DBusMethod {
            DBusMethod(name: name, in: inArgs, out: out) { [weak self] call throws(DBusError) in
                guard let self else { throw .disconnected }
                return try await body(self, call.arguments)
            }
        }
        let methods = [
            control("Advertise", in: [("address", "s"), ("duration_ms", "u")]) { server, args throws(DBusError) in
                let address = try Self.address(args.first)
                let ms = args.count > 1 ? args[1].uint32 ?? 0 : 0
                await server.mutate { $0.advertise(address, durationMs: ms == 0 ? nil : Int(ms)) }
                return []
            },
            control("TriggerReadings", in: [("address", "s"), ("readings", "as")]) { server, args throws(DBusError) in
                let address = try Self.address(args.first)
                let ids = args.count > 1 ? args[1].strings ?? [] : []
                try await server.triggerReadings(address, ids)
                return []
            },
            control("Notify", in: [("address", "s"), ("characteristic", "s"), ("value", "ay")]) { server, args throws(DBusError) in
                let address = try Self.address(args.first)
                guard args.count > 2, let text = args[1].string, let uuid = BluetoothUUID(text), let bytes = args[2].bytes else {
                    throw .remote(name: "org.bluez.Error.InvalidArguments", message: "Not a characteristic UUID")
                }
                guard await server.mutate({ $0.notifyValue(address, uuid, bytes) }) else {
                    throw .remote(name: "org.bluez.Error.Failed", message: "Not connected or not subscribed")
                }
                return []
            },
            control("InjectFault", in: [("fault", "s"), ("json_args", "s")]) { server, args throws(DBusError) in
                let fault = try Self.fault(args.first?.string ?? "", args.count > 1 ? args[1].string ?? "" : "")
                await server.mutate { $0.inject(fault) }
                return []
            },
            control("RestartDaemon", in: [("crash", "b")]) { server, args throws(DBusError) in
                let crash = args.first?.bool ?? false
                await server.mutate { $0.restartDaemon(crash: crash) }
                return []
            },
            control("RemoveAdapter", in: [("adapter", "s"), ("return_after_ms", "u"), ("return_as", "s")]) { server, args throws(DBusError) in
                let adapter = args.first?.string ?? "hci0"
                let after = args.count > 1 ? args[1].uint32 ?? 0 : 0
                let name = args.count > 2 ? args[2].string ?? "" : ""
                await server.mutate { $0.removeAdapter(adapter, returnAfterMs: after == 0 ? nil : Int(after), returnAs: name.isEmpty ? nil : name) }
                return []
            },
            control("RestoreAdapter", in: [("adapter", "s"), ("as_name", "s")]) { server, args throws(DBusError) in
                let adapter = args.first?.string ?? "hci0"
                let name = args.count > 1 ? args[1].string ?? "" : ""
                await server.mutate { $0.restoreAdapter(adapter, as: name.isEmpty ? nil : name) }
                return []
            },
            control("LoadRun", in: [("address", "s"), ("count", "u"), ("rate_hz", "d")]) { server, args throws(DBusError) in
                let address = try Self.address(args.first)
                let count = Int(args.count > 1 ? args[1].uint32 ?? 0 : 0)
                let rate = args.count > 2 ? args[2].double ?? 0 : 0
                if let error = await server.mutate({ $0.loadRun(address, count: count, rateHz: rate) }) {
                    throw .remote(name: error.name, message: error.message)
                }
                return []
            },
            control("GetState", out: [("json", "s")]) { server, _ in [.string(await server.stateJSON())] },
        ]
        return DBusObject(path: "/", interfaces: [DBusInterface(name: Self.controlInterface, methods: methods)])
    }

    func mutate<T: Sendable>(_ body: (BlueZSimulation) -> T) async -> T {
        sim.advance(to: elapsed)
        let result = body(sim)
        await flush()
        return result
    }

    func triggerReadings(_ address: BluetoothAddress, _ ids: [String]) async throws(DBusError) {
        guard let peripheral = loaded.scenario.peripherals.first(where: { $0.address == address }) else {
            throw .remote(name: "org.bluez.Error.DoesNotExist", message: "No peripheral \(address) in the scenario")
        }
        var readings: [ResolvedReading] = []
        for id in ids {
            if id.hasPrefix("hex:"), let bytes = parseHex(String(id.dropFirst(4))) {
                readings.append(ResolvedReading(characteristic: BluetoothUUID(short: peripheral.model.measurementCharacteristic),
                                                bytes: bytes, fixture: nil))
            } else if let entry = loaded.payloads[id] {
                readings.append(ResolvedReading(characteristic: entry.characteristic, bytes: entry.bytes, fixture: id))
            } else {
                throw .remote(name: "org.bluez.Error.InvalidArguments", message: "Unknown fixture id '\(id)'")
            }
        }
        await mutate { $0.triggerReadings(address, readings) }
    }

    func stateJSON() async -> String {
        sim.advance(to: elapsed)
        var devices: [[String: Any]] = []
        for address in sim.peripheralAddresses {
            let writes = sim.writesReceived.filter { $0.address == address }.map { ["characteristic": $0.characteristic.string, "hex": hexString($0.bytes)] }
            devices.append([
                "address": address.description,
                "path": sim.path(of: address) ?? "",
                "advertising": sim.isAdvertising(address),
                "connectCalls": sim.connectCalls[address] ?? 0,
                "storedReadings": sim.storedReadings(address).count,
                "cccd": Dictionary(uniqueKeysWithValues: [0x2A35, 0x2A9D, 0x2A19, 0x2A2B].map { (hex4(UInt16($0)), Int(sim.cccd(address, BluetoothUUID(short: UInt16($0))))) }),
                "writes": writes,
            ])
        }
        let state: [String: Any] = [
            "daemonRunning": sim.isDaemonRunning,
            "bluezOwner": bluezUniqueName ?? "",
            "devices": devices,
            "agentCalls": sim.agentCallsMade.map { ["method": $0.method, "owner": $0.owner, "path": $0.path] },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: state, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func address(_ value: DBusValue?) throws(DBusError) -> BluetoothAddress {
        guard let text = value?.string, let address = BluetoothAddress(text) else {
            throw .remote(name: "org.bluez.Error.InvalidArguments", message: "Not a Bluetooth address: '\(value?.string ?? "")'")
        }
        return address
    }

    static func fault(_ kind: String, _ json: String) throws(DBusError) -> FaultSpec {
        var object: [String: Any] = [:]
        if !json.isEmpty {
            guard let parsed = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
                throw .remote(name: "org.bluez.Error.InvalidArguments", message: "json_args is not a JSON object")
            }
            object = parsed
        }
        object["fault"] = kind
        do {
            let data = try JSONSerialization.data(withJSONObject: object)
            return try JSONDecoder().decode(FaultSpec.self, from: data)
        } catch {
            let problem = ScenarioError.from(error, file: "InjectFault")
            throw .remote(name: "org.bluez.Error.InvalidArguments", message: "\(problem.path): \(problem.message)")
        }
    }
}
