import ControlAPI
import DBus
import Synchronization

/// The daemon's side of a Pair call: the control's passkey questions and progress go to the
/// caller's `org.carehub.PairingClient1` at `path` on its unique name. A question that is not
/// answered in time, an error, or a client that left the bus count as "cancel".
final class RemotePairingDelegate: PairingDelegate {
    let connection: DBusConnection
    /// The caller's unique name.
    let client: String
    let path: ObjectPath
    private let vanished = Mutex(false)

    init(connection: DBusConnection, client: String, path: ObjectPath) {
        self.connection = connection
        self.client = client
        self.path = path
    }

    /// True once the client left the bus.
    var hasVanished: Bool { vanished.withLock { $0 } }

    /// The client left the bus: every further question is answered "cancel" without asking.
    func clientVanished() {
        vanished.withLock { $0 = true }
    }

    func enterPasskey(for device: PairingDevice) async -> UInt32? {
        let reply = await ask("RequestPasskey", [.string(device.address), .string(device.name ?? "")], expecting: "u",
                              timeout: ControlBus.questionTimeout)
        guard let passkey = reply?.first?.uint32, passkey <= 999_999 else { return nil }
        return passkey
    }

    func showPasskey(_ passkey: UInt32, for device: PairingDevice) async {
        _ = await ask("DisplayPasskey", [.string(device.address), .uint32(passkey)], expecting: "", timeout: ControlBus.noticeTimeout)
    }

    func confirmPasskey(_ passkey: UInt32, for device: PairingDevice) async -> Bool {
        let reply = await ask("RequestConfirmation", [.string(device.address), .uint32(passkey)], expecting: "b",
                              timeout: ControlBus.questionTimeout)
        return reply?.first?.bool ?? false
    }

    func progress(_ message: String) async {
        _ = await ask("Progress", [.string(message)], expecting: "", timeout: ControlBus.noticeTimeout)
    }

    /// The client's reply, nil if it is gone, refused, or did not answer in time.
    private func ask(_ method: String, _ arguments: [DBusValue], expecting: Signature, timeout: Duration) async -> [DBusValue]? {
        guard !hasVanished else { return nil }
        return try? await connection.call(destination: client, path: path, interface: ControlBus.pairingClientInterface,
                                          method: method, arguments: arguments, timeout: timeout, expecting: expecting)
    }
}
