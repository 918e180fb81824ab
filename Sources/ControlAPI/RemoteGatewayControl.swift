import DBus
import Foundation

/// A `GatewayControl` that calls carehubd over D-Bus (`org.carehub.Gateway1`, docs/CONTROL-API.md).
/// Errors come back as the same `ControlError` case; the bus's AccessDenied is `.accessDenied`, a
/// daemon that is not there or does not answer is `.daemonUnavailable`.
public struct RemoteGatewayControl: GatewayControl {
    /// The connection calls go out on (the pairing client is exported on it during Pair).
    public let connection: DBusConnection

    /// A client on `connection`; calls fail with `.daemonUnavailable` while nobody owns the name.
    public init(connection: DBusConnection) {
        self.connection = connection
    }

    /// A client if carehubd owns `org.carehub.Gateway` on this bus, else nil (run locally instead).
    public static func ifRunning(on connection: DBusConnection) async -> RemoteGatewayControl? {
        guard let owner = try? await connection.nameOwner(ControlBus.busName), owner != nil else { return nil }
        return RemoteGatewayControl(connection: connection)
    }

    public func status() async throws(ControlError) -> ControlStatus {
        try ControlWire.status(try await call("GetStatus", expecting: "a{sv}"))
    }

    public func devices() async throws(ControlError) -> [ControlDevice] {
        try ControlWire.devices(try await call("ListDevices", expecting: ControlWire.devicesSignature))
    }

    /// Exports a PairingClient1 for `delegate` at a path of its own while the call runs. The
    /// daemon records the caller's Unix user as technician; `technician` is not sent.
    public func pair(address: String, delegate: any PairingDelegate, technician: String) async throws(ControlError) -> ControlDevice {
        guard let daemon = try? await connection.nameOwner(ControlBus.busName) else {
            throw .daemonUnavailable("\(ControlBus.busName) has no owner on the bus")
        }
        let client = PairingClientObject(delegate: delegate, daemon: daemon)
        do {
            try connection.export(client.object())
        } catch {
            throw .other("Cannot export the pairing client on the bus: \(error)")
        }
        defer { connection.unexport(client.path) }
        return try ControlWire.device(try await call(
            "Pair", [.string(address), .objectPath(client.path)], expecting: "a{sv}", timeout: ControlBus.pairTimeout,
            address: address))
    }

    public func assign(address: String, patient: String, userIndex: Int?, technician: String) async throws(ControlError) -> ControlDevice {
        let index: Int32
        if let userIndex {
            guard let slot = Int32(exactly: userIndex), userIndex >= 0 else {
                throw .invalidArgument("User index \(userIndex) is out of range: use a slot from \(ControlBus.userIndexRange.lowerBound) to \(ControlBus.userIndexRange.upperBound).")
            }
            index = slot
        } else {
            index = -1
        }
        return try ControlWire.device(try await call(
            "Assign", [.string(address), .string(patient), .int32(index)], expecting: "a{sv}", address: address))
    }

    public func forget(address: String, technician: String) async throws(ControlError) {
        _ = try await call("Forget", [.string(address)], expecting: "", address: address)
    }

    public func waitForReading(address: String, timeout: Duration) async throws(ControlError) -> TestReading {
        let seconds = timeout.components.seconds + (timeout.components.attoseconds > 0 ? 1 : 0)
        guard let wire = UInt32(exactly: seconds), ControlBus.waitRange.contains(wire) else {
            throw .invalidArgument("A timeout of \(timeout) is out of range: wait \(ControlBus.waitRange.lowerBound) to \(ControlBus.waitRange.upperBound) seconds.")
        }
        return try ControlWire.reading(try await call(
            "WaitForReading", [.string(address), .uint32(wire)], expecting: "a{sv}",
            timeout: .seconds(Int(wire)) + ControlBus.waitMargin, address: address))
    }

    /// Calls a method of the daemon and returns its one reply value (nil for none), mapping failures.
    private func call(_ method: String, _ arguments: [DBusValue] = [], expecting: Signature,
                      timeout: Duration = ControlBus.callTimeout, address: String? = nil) async throws(ControlError) -> DBusValue? {
        do {
            let reply = try await connection.call(
                destination: ControlBus.busName, path: ControlBus.path, interface: ControlBus.interface, method: method,
                arguments: arguments, timeout: timeout, expecting: expecting)
            return reply.first
        } catch {
            throw Self.controlError(error, method: method, address: address)
        }
    }

    /// The `ControlError` a failed call stands for.
    static func controlError(_ error: DBusError, method: String, address: String?) -> ControlError {
        switch error {
        case let .remote(name, message):
            if let mapped = ControlError(dbusErrorName: name, message: message, address: address) { return mapped }
            switch name {
            case DBusErrorName.accessDenied:
                return .accessDenied("the bus policy does not let this user call \(method) on the CareHub daemon")
            case DBusErrorName.serviceUnknown, DBusErrorName.noReply, DBusErrorName.nameHasNoOwner,
                 DBusErrorName.disconnected, DBusErrorName.timeout, DBusErrorName.unknownObject:
                return .daemonUnavailable("\(method): \(message)")
            case DBusErrorName.invalidArgs:
                return .invalidArgument(message)
            default:
                return .other("\(method) failed: \(name): \(message)")
            }
        case .timeout(_, let after):
            return .daemonUnavailable("no answer to \(method) within \(after.components.seconds) s")
        case .disconnected:
            return .daemonUnavailable("the connection to the bus closed during \(method)")
        case let .signatureMismatch(expected, actual, _):
            return ControlWire.malformed("\(method) answered '\(actual)' instead of '\(expected)'")
        case .cancelled:
            return .other("\(method) was cancelled.")
        case .invalidArgument, .connectionFailed, .outOfMemory:
            return .other("\(method) could not be sent: \(error)")
        }
    }
}
