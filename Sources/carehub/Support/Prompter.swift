import Foundation

/// Questions to the technician: the question on stdout, the answer from stdin, asked again after
/// an answer that does not fit. End of input or Ctrl-C answers nil.
struct Prompter: Sendable {
    let console: Console

    /// Asks for a 6-digit passkey (spaces allowed: "246 810").
    func passkey() async -> UInt32? {
        var question = "Enter the 6-digit passkey shown on the device: "
        while true {
            guard let answer = await ask(question) else { return nil }
            if let passkey = Self.parsePasskey(answer) { return passkey }
            question = "That is not 6 digits. Enter the 6-digit passkey shown on the device: "
        }
    }

    /// Asks a yes/no question.
    func confirm(_ question: String) async -> Bool? {
        var text = question + " [y/n] "
        while true {
            guard let answer = await ask(text) else { return nil }
            if let yes = Self.parseYesNo(answer) { return yes }
            text = "Please answer y or n. " + question + " [y/n] "
        }
    }

    private func ask(_ question: String) async -> String? {
        console.prompt(question)
        let answer = await LineReader.next()
        // Typed input ends the line on a terminal; piped input does not, so end it here.
        if !console.terminal.isInteractive || answer == nil { console.line() }
        return answer
    }

    /// The passkey in `text`, if it is exactly 6 digits once spaces are removed.
    static func parsePasskey(_ text: String) -> UInt32? {
        let digits = text.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt32(digits)
    }

    /// y/yes → true, n/no → false, anything else nil.
    static func parseYesNo(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "y", "yes": true
        case "n", "no": false
        default: nil
        }
    }
}
