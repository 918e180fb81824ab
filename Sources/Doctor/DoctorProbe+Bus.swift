import BlueZ
import DBus

#if canImport(Glibc)
import Glibc
#endif

extension DoctorProbe {
    /// carehubd's bus name, object and interface (docs/CONTROL-API.md).
    static let gatewayName = "org.carehub.Gateway"
    static let gatewayPath: ObjectPath = "/org/carehub/Gateway"
    static let gatewayInterface = "org.carehub.Gateway1"
    /// How long each question on the bus may take.
    static let callTimeout: Duration = .seconds(5)

    /// `DBUS_SYSTEM_BUS_ADDRESS`, else the standard socket (as `DBusConnection.system()`).
    public static func systemBusAddress() -> String {
        if let value = getenv("DBUS_SYSTEM_BUS_ADDRESS").map({ String(cString: $0) }), !value.isEmpty { return value }
        return "unix:path=/var/run/dbus/system_bus_socket"
    }

    /// Connects to the bus at `address` and asks who owns org.bluez, bluetoothd's adapters, and
    /// carehubd's status.
    static func gatherBus(into facts: inout DoctorFacts, address: String, connectTimeout: Duration = callTimeout) async {
        let connection: DBusConnection
        switch await connect(address, timeout: connectTimeout) {
        case let .success(connected):
            connection = connected
        case let .failure(error):
            facts.bus = .unreachable(address: address, reason: busReason(error))
            return
        }
        defer { connection.close() }
        facts.bus = .reachable(address: address)

        do {
            if let owner = try await connection.nameOwner(BlueZInterface.service) {
                facts.bluetoothd = .running(owner: owner)
                facts.bluez = await blueZAnswer(connection)
            } else {
                facts.bluetoothd = .notRunning
            }
        } catch {
            facts.bluetoothd = .unknown(reason: error.description)
        }
        facts.daemon = await daemonState(connection)
    }

    /// Connects, or gives up after `timeout`: a dbus-daemon that accepts but never answers must not
    /// hang the technician's tool. A connection that completes after the timeout is closed when freed.
    static func connect(_ address: String, timeout: Duration) async -> Result<DBusConnection, DBusError> {
        let (first, continuation) = AsyncStream.makeStream(of: Result<DBusConnection, DBusError>.self)
        let connecting = Task {
            do throws(DBusError) { continuation.yield(.success(try await DBusConnection.connect(address: address))) } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            continuation.yield(.failure(.timeout(method: "connect (authentication and Hello)", after: timeout)))
            continuation.finish()
        }
        defer { timer.cancel() }
        for await result in first {
            if case .failure = result { connecting.cancel() }
            return result
        }
        return .failure(.disconnected)
    }

    /// bluetoothd's adapters from GetManagedObjects.
    static func blueZAnswer(_ connection: DBusConnection) async -> DoctorFacts.BlueZAnswer {
        let reply: [DBusValue]
        do {
            reply = try await connection.call(
                destination: BlueZInterface.service, path: "/", interface: DBusBus.objectManagerInterface,
                method: "GetManagedObjects", timeout: callTimeout)
        } catch let .remote(name, message) where name == DBusErrorName.accessDenied {
            return .accessDenied(message: message)
        } catch {
            return .failed(reason: error.description)
        }
        guard let objects = BlueZObjectCache.parseManagedObjects(reply) else {
            return .failed(reason: "GetManagedObjects returned a malformed reply")
        }
        let adapters = objects.keys.sorted { $0.rawValue < $1.rawValue }.compactMap { path -> DoctorFacts.Adapter? in
            guard let properties = objects[path]?[BlueZInterface.adapter],
                  let adapter = Adapter(path: path, properties: properties) else { return nil }
            return DoctorFacts.Adapter(name: adapter.hciName, address: adapter.address, powered: adapter.powered)
        }
        return .adapters(adapters)
    }

    /// Whether carehubd owns its name, and its GetStatus.
    static func daemonState(_ connection: DBusConnection) async -> DoctorFacts.Daemon {
        do {
            guard try await connection.nameOwner(gatewayName) != nil else { return .notRunning }
            let reply = try await connection.call(
                destination: gatewayName, path: gatewayPath, interface: gatewayInterface, method: "GetStatus",
                timeout: callTimeout, expecting: "a{sv}")
            guard let status = reply.first?.variantDict else { return .noAnswer(reason: "GetStatus returned a malformed reply") }
            return .running(daemonStatus(status))
        } catch {
            return .noAnswer(reason: error.description)
        }
    }

    /// The doctor's part of a GetStatus dictionary; missing keys read as unknown/zero.
    static func daemonStatus(_ status: [String: DBusValue]) -> DoctorFacts.DaemonStatus {
        DoctorFacts.DaemonStatus(
            version: status["version"]?.string ?? "(unknown version)",
            pairedDevices: Int(status["paired_devices"]?.uint32 ?? 0),
            assignedDevices: Int(status["assigned_devices"]?.uint32 ?? 0),
            adapter: status["adapter"]?.string)
    }

    /// Plain words for a failed connect.
    static func busReason(_ error: DBusError) -> String {
        switch error {
        case let .connectionFailed(why): why
        case let .timeout(_, after): "it accepted the connection but did not answer within \(after)"
        default: error.description
        }
    }
}
