import BlueZ

/// Why pairing failed, with advice a technician can act on.
public enum PairingFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The device was not seen within the search time.
    case notFound(address: String, seconds: Int, hint: String)
    /// The device refused pairing: it is not in pairing mode.
    case notInPairingMode(hint: String)
    /// The passkey was wrong, or the technician cancelled.
    case wrongPasskey
    /// Nobody answered the pairing question in time.
    case timedOut
    /// The device went away during pairing.
    case connectionLost(hint: String)
    /// No Bluetooth adapter or bluetoothd is not running.
    case bluetoothUnavailable(String)
    /// Pairing worked but the device could not be saved.
    case storeFailed(String)
    /// Anything else, with bluetoothd's error.
    case other(String)

    /// Plain words for the technician.
    public var description: String {
        switch self {
        case let .notFound(address, seconds, hint): "Device \(address) not found within \(seconds) s. \(hint)"
        case let .notInPairingMode(hint): "The device is not in pairing mode. \(hint)"
        case .wrongPasskey: "The passkey did not match (or pairing was cancelled). Check the number on the device's display and try again."
        case .timedOut: "Pairing took too long. Start again and enter the passkey within a minute."
        case let .connectionLost(hint): "The device went away during pairing. Keep it close to the hub. \(hint)"
        case let .bluetoothUnavailable(why): "Bluetooth is not available: \(why). Run `carehub doctor`."
        case let .storeFailed(why): "Paired, but the hub could not save the device: \(why)."
        case let .other(why): "Pairing failed: \(why)."
        }
    }

    /// Maps a Pair() failure.
    static func from(_ error: BlueZError, hint: String) -> PairingFailure {
        switch error {
        case .authenticationRejected: .notInPairingMode(hint: hint)
        case .authenticationFailed, .canceled, .rejected: .wrongPasskey
        case .authenticationTimeout, .timeout: .timedOut
        case .authenticationCanceled, .connectionAttemptFailed, .linkLost, .notConnected: .connectionLost(hint: hint)
        case .bluezNotRunning, .notReady, .busDisconnected: .bluetoothUnavailable("\(error)")
        case let .failed(message) where BlueZError.transientFailureMessages.contains(message): .connectionLost(hint: hint)
        default: .other("\(error)")
        }
    }
}
