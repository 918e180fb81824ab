@testable import carehub
import Testing

/// The technician's arguments: what is accepted, how it is normalised, and what is refused.
struct ArgumentParsingTests {
    static let addressCases: [(String, String?)] = [
        ("AA:BB:CC:DD:EE:01", "AA:BB:CC:DD:EE:01"),
        ("aa:bb:cc:dd:ee:01", "AA:BB:CC:DD:EE:01"),
        ("aa-bb-cc-dd-ee-01", "AA:BB:CC:DD:EE:01"),  // as some device labels print it
        ("AA:BB:CC:DD:EE", nil), ("AA:BB:CC:DD:EE:0G", nil), ("AABBCCDDEE01", nil), ("AA:BB:CC:DD:EE:001", nil),
        ("AA:BB-CC:DD:EE:01", nil), ("", nil),
    ]

    @Test(arguments: addressCases)
    func addresses(text: String, expected: String?) {
        #expect((try? ArgumentParsing.address(text)) == expected)
    }

    static let patients: [(String, Bool)] = [
        ("P-1001", true), ("patient.7_b", true), (String(repeating: "x", count: 64), true),
        ("", false), (String(repeating: "x", count: 65), false), ("P 1001", false), ("Pär", false), ("P/1", false),
        // Swedish personal identity numbers (Skatteverket's formats, made-up digits) are refused.
        ("19121212-1212", false), ("121212-1212", false), ("191212121212", false), ("1212121212", false),
        ("121212+1212", false),
        // Digit-only clinic ids of other lengths are fine.
        ("100234", true), ("12345678901", true),
    ]

    @Test(arguments: patients)
    func patientIDs(text: String, accepted: Bool) {
        #expect(((try? ArgumentParsing.patient(text)) != nil) == accepted)
    }

    @Test func userIndexAndTimeoutBounds() {
        #expect((try? ArgumentParsing.userIndex("0")) == 0)
        #expect((try? ArgumentParsing.userIndex("254")) == 254)
        #expect((try? ArgumentParsing.userIndex("255")) == nil, "0xFF means 'unknown user'")
        #expect((try? ArgumentParsing.userIndex("-1")) == nil)
        #expect((try? ArgumentParsing.seconds("600", in: 1...600)) == 600)
        #expect((try? ArgumentParsing.seconds("0", in: 1...600)) == nil)
        #expect((try? ArgumentParsing.seconds("1.5", in: 1...600)) == nil)
    }

    static let passkeys: [(String, UInt32?)] = [
        ("246810", 246810), ("246 810", 246810), (" 004711 ", 4711), ("24681", nil), ("2468100", nil), ("24681O", nil),
        ("", nil), ("٢٤٦٨١٠", nil),  // Arabic-Indic digits are numbers to Swift but not on the device's display
    ]

    @Test(arguments: passkeys)
    func passkeyEntries(text: String, expected: UInt32?) {
        #expect(Prompter.parsePasskey(text) == expected)
    }

    @Test func yesNoAndPasskeyDisplay() {
        #expect(Prompter.parseYesNo("Y") == true)
        #expect(Prompter.parseYesNo(" yes ") == true)
        #expect(Prompter.parseYesNo("n") == false)
        #expect(Prompter.parseYesNo("maybe") == nil)
        #expect(TerminalPairingDelegate.sixDigits(4711) == "004711")
    }
}
