import BlueZ
import ControlAPI

/// The pairing agent's delegate: forwards bluetoothd's questions to the technician's
/// `PairingDelegate` while a pairing runs; refuses everything else (only pairings a technician
/// starts may succeed).
actor AgentRouter: AgentDelegate {
    private var current: (address: String, delegate: any PairingDelegate)?

    func begin(address: String, delegate: any PairingDelegate) {
        current = (address.uppercased(), delegate)
    }

    func end() {
        current = nil
    }

    private func delegate(for device: AgentDevice) -> (any PairingDelegate)? {
        guard let current, device.address?.uppercased() == current.address else { return nil }
        return current.delegate
    }

    func requestPasskey(device: AgentDevice) async throws(AgentRejection) -> UInt32 {
        guard let delegate = delegate(for: device) else { throw .rejected }
        let who = PairingDevice(address: device.address ?? "", name: device.name)
        guard let passkey = await delegate.enterPasskey(for: who), passkey <= 999_999 else { throw .canceled }
        return passkey
    }

    func displayPasskey(device: AgentDevice, passkey: UInt32, entered: UInt16) async {
        guard let delegate = delegate(for: device) else { return }
        await delegate.showPasskey(passkey, for: PairingDevice(address: device.address ?? "", name: device.name))
    }

    func requestConfirmation(device: AgentDevice, passkey: UInt32) async throws(AgentRejection) {
        guard let delegate = delegate(for: device),
              await delegate.confirmPasskey(passkey, for: PairingDevice(address: device.address ?? "", name: device.name))
        else { throw .rejected }
    }

    func requestAuthorization(device: AgentDevice) async throws(AgentRejection) {
        // Just Works started by the device during a technician's pairing of it: allowed.
        guard delegate(for: device) != nil else { throw .rejected }
    }
}
