/// The device a pairing question is about.
public struct PairingDevice: Sendable, Hashable {
    public var address: String
    /// Advertised name, if any.
    public var name: String?

    /// Creates a description of the device being paired.
    public init(address: String, name: String?) {
        self.address = address
        self.name = name
    }
}

/// The technician's side of pairing (the CLI drives it): passkey entry, display, confirmation,
/// and progress in plain words.
public protocol PairingDelegate: Sendable {
    /// The device shows a 6-digit passkey: return what the technician typed, nil to cancel.
    func enterPasskey(for device: PairingDevice) async -> UInt32?
    /// The technician must type `passkey` on the device.
    func showPasskey(_ passkey: UInt32, for device: PairingDevice) async
    /// Both sides show `passkey`: true if they match.
    func confirmPasskey(_ passkey: UInt32, for device: PairingDevice) async -> Bool
    /// A step of the pairing, in plain words ("Looking for the device…").
    func progress(_ message: String) async
}

extension PairingDelegate {
    public func showPasskey(_ passkey: UInt32, for device: PairingDevice) async {}
    public func confirmPasskey(_ passkey: UInt32, for device: PairingDevice) async -> Bool { false }
    public func progress(_ message: String) async {}
}
