import ControlAPI

/// The technician's side of pairing on the terminal: progress as lines, the passkey and
/// confirmation asked on stdin.
struct TerminalPairingDelegate: PairingDelegate {
    let console: Console

    func enterPasskey(for device: PairingDevice) async -> UInt32? {
        let passkey = await Prompter(console: console).passkey()
        if passkey != nil { console.spin("Pairing…") }
        return passkey
    }

    func showPasskey(_ passkey: UInt32, for device: PairingDevice) async {
        console.line("Type \(Self.sixDigits(passkey)) on the device and confirm it there.")
        console.spin("Waiting for the device…")
    }

    func confirmPasskey(_ passkey: UInt32, for device: PairingDevice) async -> Bool {
        let matches = await Prompter(console: console).confirm("Does the device show \(Self.sixDigits(passkey))?") ?? false
        if matches { console.spin("Pairing…") }
        return matches
    }

    func progress(_ message: String) async {
        console.line(message)
        console.spin("Working…")
    }

    /// 6 digits with leading zeros ("004711"), as devices show passkeys.
    static func sixDigits(_ passkey: UInt32) -> String {
        let text = String(passkey)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }
}
