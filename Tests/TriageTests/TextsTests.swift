import Foundation
import Testing

@testable import Triage

@Suite("Patient texts")
struct TextsTests {
    @Test("every message has Swedish and English text", arguments: MessageID.allCases)
    func complete(id: MessageID) throws {
        let entry = try #require(Texts.table[id])
        #expect(!entry.sv.isEmpty && !entry.en.isEmpty)
        #expect(entry.sv != entry.en)
    }

    /// CLINICAL.md §5b drafts, verbatim.
    @Test(
        "CLINICAL.md wording",
        arguments: [
            (MessageID.green, Language.swedish, "Värdet ser bra ut."),
            (.green, .english, "The value looks good."),
            (.measureAgain, .swedish, "Mätningen blev inte godkänd – vila 5 minuter och mät igen."),
            (.weighAgain, .swedish, "Kontrollera att det är du som vägt dig / väg dig igen."),
            (.red, .swedish, "Ditt värde avviker kraftigt. Kontakta din mottagning idag (vardagar) eller 1177. Vid bröstsmärta eller svår andnöd – ring 112."),
        ])
    func wording(id: MessageID, language: Language, expected: String) {
        #expect(PatientMessage(id).text(in: language) == expected)
    }

    @Test("numbers use the language's decimal separator")
    func decimals() {
        let message = PatientMessage(.weightGain, ["gain": 2.5, "days": 3])
        #expect(message.text(in: .swedish) == "Din vikt har ökat med 2,5 kg på 3 dagar.")
        #expect(message.text(in: .english) == "Your weight has gone up by 2.5 kg in 3 days.")
    }

    @Test("a green reading says so in both languages")
    func green() {
        let sv = Fixture.assess(Fixture.weight(70, day: 0))
        #expect(sv.assessment.text == "Värdet ser bra ut.")
        let en = Fixture.assess(Fixture.weight(70, day: 0), language: .english)
        #expect(en.assessment.text == "The value looks good.")
    }
}
