import ControlAPI
import DBus
import Foundation

/// Serves a `GatewayControl` on a bus as `org.carehub.Gateway1` at `/org/carehub/Gateway` and
/// owns `org.carehub.Gateway` (docs/CONTROL-API.md). Each call runs in its own task, so a Pair or
/// WaitForReading that takes minutes does not hold up GetStatus. Arguments are checked before the
/// control sees them; a bad one is answered with `InvalidArgument`, never a trap.
public final class GatewayControlObject: Sendable {
    /// The connection the object is exported on.
    public let connection: DBusConnection
    /// What the calls are served by.
    public let control: any GatewayControl

    private init(connection: DBusConnection, control: any GatewayControl) {
        self.connection = connection
        self.control = control
    }

    /// Exports the object and claims `org.carehub.Gateway`. Throws `.busy` if another process owns
    /// the name ("another carehubd is running"), `.accessDenied` if the bus policy refuses it.
    public static func start(serving control: any GatewayControl, on connection: DBusConnection) async throws(ControlError) -> GatewayControlObject {
        let server = GatewayControlObject(connection: connection, control: control)
        do {
            try connection.export(server.object())
        } catch {
            throw .other("Cannot export \(ControlBus.path) on the bus: \(error)")
        }
        do {
            let reply = try await connection.requestName(ControlBus.busName, flags: [.doNotQueue])
            guard reply == .primaryOwner || reply == .alreadyOwner else {
                connection.unexport(ControlBus.path)
                let owner = (try? await connection.nameOwner(ControlBus.busName)).flatMap { $0 }
                throw ControlError.busy("Another carehubd is running: \(ControlBus.busName) is owned by \(owner ?? "another connection").")
            }
        } catch let error as ControlError {
            throw error
        } catch let error as DBusError {
            connection.unexport(ControlBus.path)
            if case let .remote(name, message) = error, name == DBusErrorName.accessDenied {
                throw .accessDenied("the bus policy does not let this user own \(ControlBus.busName) (\(message))")
            }
            throw .other("Cannot claim \(ControlBus.busName) on the bus: \(error)")
        } catch {
            connection.unexport(ControlBus.path)
            throw .other("Cannot claim \(ControlBus.busName) on the bus: \(error)")
        }
        return server
    }

    /// Releases the name and removes the object; running calls finish on their own.
    public func stop() async {
        try? await connection.releaseName(ControlBus.busName)
        connection.unexport(ControlBus.path)
    }

    // MARK: the object

    func object() -> DBusObject {
        let methods = [
            method("GetStatus", out: [("status", "a{sv}")]) { server, _ throws(ControlError) in
                [ControlWire.encode(try await server.control.status())]
            },
            method("ListDevices", out: [("devices", ControlWire.devicesSignature)]) { server, _ throws(ControlError) in
                [ControlWire.encode(try await server.control.devices())]
            },
            method("Pair", in: [("address", "s"), ("client", "o")], out: [("device", "a{sv}")]) { server, call throws(ControlError) in
                [ControlWire.encode(try await server.pair(call))]
            },
            method("Assign", in: [("address", "s"), ("patient", "s"), ("user_index", "i")], out: [("device", "a{sv}")]) {
                server, call throws(ControlError) in
                let address = try Arguments.address(call.arguments, 0)
                let patient = try Arguments.patient(call.arguments, 1)
                let userIndex = try Arguments.userIndex(call.arguments, 2)
                let technician = await BusCaller.userName(of: call.sender, on: server.connection)
                return [ControlWire.encode(try await server.control.assign(
                    address: address, patient: patient, userIndex: userIndex, technician: technician))]
            },
            method("Forget", in: [("address", "s")]) { server, call throws(ControlError) in
                let address = try Arguments.address(call.arguments, 0)
                let technician = await BusCaller.userName(of: call.sender, on: server.connection)
                try await server.control.forget(address: address, technician: technician)
                return []
            },
            method("WaitForReading", in: [("address", "s"), ("timeout_seconds", "u")], out: [("reading", "a{sv}")]) {
                server, call throws(ControlError) in
                let address = try Arguments.address(call.arguments, 0)
                let timeout = try Arguments.waitTimeout(call.arguments, 1)
                return [ControlWire.encode(try await server.control.waitForReading(address: address, timeout: timeout))]
            },
        ]
        return DBusObject(path: ControlBus.path, interfaces: [DBusInterface(name: ControlBus.interface, methods: methods)])
    }

    /// Wraps a handler: argument type mismatches and thrown `ControlError`s become
    /// `org.carehub.Gateway1.Error.*` replies.
    private func method(_ name: String, in inArgs: [(String, Signature)] = [], out: [(String, Signature)] = [],
                        _ body: @escaping @Sendable (GatewayControlObject, DBusMethodCall) async throws(ControlError) -> [DBusValue]) -> DBusMethod {
        DBusMethod(name: name, in: inArgs, out: out, invalidArgumentsError: ControlError.invalidArgument("").dbusErrorName) {
            [self] call throws(DBusError) in
            do throws(ControlError) {
                return try await body(self, call)
            } catch {
                throw error.dbusError
            }
        }
    }

    /// Pair: the control talks to the caller's PairingClient1 through a `RemotePairingDelegate`; if
    /// the caller leaves the bus, the delegate stops asking and the pairing task is cancelled.
    private func pair(_ call: DBusMethodCall) async throws(ControlError) -> ControlDevice {
        let address = try Arguments.address(call.arguments, 0)
        guard call.arguments.count > 1, let client = call.arguments[1].objectPath else {
            throw .invalidArgument("Pair needs the client's object path as its second argument.")
        }
        let technician = await BusCaller.userName(of: call.sender, on: connection)
        let delegate = RemotePairingDelegate(connection: connection, client: call.sender, path: client)
        let control = self.control
        let work = Task { () -> Result<ControlDevice, ControlError> in
            do throws(ControlError) {
                return .success(try await control.pair(address: address, delegate: delegate, technician: technician))
            } catch {
                return .failure(error)
            }
        }
        let owners = connection.nameOwnerChanges(call.sender)
        let watcher = Task {
            for await owner in owners where owner == nil {
                delegate.clientVanished()
                work.cancel()
                return
            }
        }
        defer { watcher.cancel() }
        let result = await withTaskCancellationHandler { await work.value } onCancel: { work.cancel() }
        if delegate.hasVanished {
            throw .pairingFailed("Pairing of \(address) was cancelled: the technician's client left the bus.")
        }
        return try result.get()
    }
}
