import DBus
import Foundation

/// The CLI's side of a Pair call: `org.carehub.PairingClient1` at a path of its own, answering the
/// daemon's questions through a `PairingDelegate`. Only the daemon (the owner of
/// `org.carehub.Gateway` when the call began) may call it.
struct PairingClientObject: Sendable {
    let delegate: any PairingDelegate
    /// The daemon's unique name.
    let daemon: String
    let path: ObjectPath

    init(delegate: any PairingDelegate, daemon: String) {
        self.delegate = delegate
        self.daemon = daemon
        // A fresh child per call, so concurrent Pair calls on one connection do not collide.
        let unique = "c" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        path = (try? ControlBus.pairingClientRoot.appending(unique)) ?? ControlBus.pairingClientRoot
    }

    func object() -> DBusObject {
        let methods = [
            method("RequestPasskey", in: [("address", "s"), ("name", "s")], out: [("passkey", "u")]) { client, call throws(DBusError) in
                let device = Self.device(call.arguments)
                guard let passkey = await client.delegate.enterPasskey(for: device) else {
                    throw .remote(name: ControlBus.pairingCanceledError, message: "The technician cancelled the passkey entry.")
                }
                return [.uint32(passkey)]
            },
            method("DisplayPasskey", in: [("address", "s"), ("passkey", "u")]) { client, call throws(DBusError) in
                await client.delegate.showPasskey(Self.passkey(call.arguments), for: Self.device(call.arguments))
                return []
            },
            method("RequestConfirmation", in: [("address", "s"), ("passkey", "u")], out: [("matches", "b")]) { client, call throws(DBusError) in
                [.boolean(await client.delegate.confirmPasskey(Self.passkey(call.arguments), for: Self.device(call.arguments)))]
            },
            method("Progress", in: [("message", "s")]) { client, call throws(DBusError) in
                await client.delegate.progress(call.arguments.first?.string ?? "")
                return []
            },
        ]
        return DBusObject(path: path, interfaces: [DBusInterface(name: ControlBus.pairingClientInterface, methods: methods)])
    }

    /// Wraps a handler: callers other than the daemon are refused.
    private func method(_ name: String, in inArgs: [(String, Signature)], out: [(String, Signature)] = [],
                        _ body: @escaping @Sendable (PairingClientObject, DBusMethodCall) async throws(DBusError) -> [DBusValue]) -> DBusMethod {
        DBusMethod(name: name, in: inArgs, out: out) { [self] call throws(DBusError) in
            guard call.sender == daemon else {
                throw .remote(name: DBusErrorName.accessDenied, message: "only the CareHub daemon may call the pairing client")
            }
            return try await body(self, call)
        }
    }

    /// The device a question is about: the address, and RequestPasskey's name ("" = none).
    private static func device(_ arguments: [DBusValue]) -> PairingDevice {
        let name = arguments.count > 1 ? arguments[1].string : nil
        return PairingDevice(address: arguments.first?.string ?? "", name: name.flatMap { $0.isEmpty ? nil : $0 })
    }

    private static func passkey(_ arguments: [DBusValue]) -> UInt32 {
        arguments.count > 1 ? arguments[1].uint32 ?? 0 : 0
    }
}
