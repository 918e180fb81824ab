import Foundation
import Testing
@testable import ControlAPI
@testable import LocalControl

/// The argument checks every caller of the control API gets (pure: no bus).
@Suite("Control API argument validation")
struct ControlValidationTests {
    /// True when `check` does not throw; a throw must be `invalidArgument`.
    static func accepts(_ check: () throws -> Void) -> Bool {
        do {
            try check()
            return true
        } catch {
            if case ControlError.invalidArgument = error { return false }
            Issue.record("unexpected error \(error)")
            return false
        }
    }

    @Test("Addresses: six hex pairs with colons; lower case is normalised", arguments: [
        ("AA:BB:CC:DD:EE:01", "AA:BB:CC:DD:EE:01"),
        ("aa:bb:cc:dd:ee:0f", "AA:BB:CC:DD:EE:0F"),
        ("00:1a:7D:dA:71:13", "00:1A:7D:DA:71:13"),
    ])
    func goodAddresses(input: String, normalised: String) throws {
        #expect(try LocalGatewayControl.validAddress(input) == normalised)
    }

    @Test("Malformed addresses are refused in plain words", arguments: [
        "", "AA:BB:CC:DD:EE", "AA:BB:CC:DD:EE:01:02", "AABBCCDDEE01", "AA-BB-CC-DD-EE-01", "AA:BB:CC:DD:EE:0G",
        "AA:BB:CC:DD:EE:1", " AA:BB:CC:DD:EE:01", "ＡA:BB:CC:DD:EE:01", "AA:BB:CC:DD:EE:01\n",
    ])
    func badAddresses(input: String) {
        #expect {
            _ = try LocalGatewayControl.validAddress(input)
        } throws: { error in
            guard case let ControlError.invalidArgument(text) = error else { return false }
            return text.contains("not a Bluetooth address") && !text.contains("\n")
        }
    }

    @Test("Patient ids: 1–64 characters without spaces or control characters", arguments: [
        ("patient-1", true), (String(repeating: "x", count: 64), true), ("Åsa_77", true),
        ("", false), (String(repeating: "x", count: 65), false), ("pat 1", false), ("pat\t1", false),
        ("pat\u{0}1", false), ("pat\u{200B}1", false), ("pat\u{00A0}1", false),
    ])
    func patients(input: String, valid: Bool) {
        #expect(Self.accepts { _ = try LocalGatewayControl.validPatient(input) } == valid)
    }

    @Test("User index: 0…254 or none", arguments: [(nil, true), (0, true), (254, true), (-1, false), (255, false)] as [(Int?, Bool)])
    func userIndex(input: Int?, valid: Bool) {
        #expect(Self.accepts { _ = try LocalGatewayControl.validUserIndex(input) } == valid)
    }

    @Test("Timeouts: 1…600 s", arguments: [
        (Duration.seconds(1), true), (.seconds(600), true), (.seconds(30), true),
        (.zero, false), (.milliseconds(999), false), (.seconds(601), false), (.seconds(-5), false),
    ])
    func timeouts(input: Duration, valid: Bool) {
        #expect(Self.accepts { _ = try LocalGatewayControl.validTimeout(input) } == valid)
    }

    @Test("Technician: trimmed, not empty, no control characters")
    func technician() throws {
        #expect(try LocalGatewayControl.validTechnician("  tech 1 ") == "tech 1")
        #expect(throws: ControlError.self) { _ = try LocalGatewayControl.validTechnician("   ") }
        #expect(throws: ControlError.self) { _ = try LocalGatewayControl.validTechnician("tech\u{7}") }
    }
}
