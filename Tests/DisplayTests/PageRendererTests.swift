import Foundation
import Testing
@testable import Display
import HTMLSupport

@Suite("Page rendering")
struct PageRendererTests {
    static func state(_ language: DisplayLanguage = .sv) -> DisplayState {
        var state = DisplayState(trends: Fixtures.trends, language: language, status: .connected)
        state.recent = [Fixtures.yellowWeight] + Fixtures.earlier
        state.latest = Fixtures.yellowWeight
        state.messages = [Fixtures.message]
        return state
    }

    /// Each colour has an icon and a word as well as the colour (never colour alone).
    @Test(arguments: [
        (DisplayTone.green, DisplayLanguage.sv, "Bra"), (.yellow, .sv, "Avvikande"), (.red, .sv, "Kontakta vården"), (.grey, .sv, "Mät igen"),
        (.green, .en, "Good"), (.yellow, .en, "Deviating"), (.red, .en, "Contact care"), (.grey, .en, "Measure again"),
    ])
    func bigBoxHasColourIconAndWord(tone: DisplayTone, language: DisplayLanguage, word: String) {
        var state = Self.state(language)
        state.latest?.tone = tone
        let box = PageRenderer.latest(state)
        #expect(box.contains("class=\"latest tone-\(tone.rawValue)\""))
        #expect(box.contains("<span class=\"word\">\(HTML.escape(word))</span>"))
        #expect(box.contains("<svg class=\"icon\""))
        #expect(box.contains("data-reading-id=\"w-2026-11-23\""))
    }

    @Test func pageCarriesLanguageNonceAndEverySection() {
        let html = PageRenderer.page(Self.state(), nonce: "n0nce")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"sv\""))
        #expect(html.contains("<style nonce=\"n0nce\">"))
        #expect(html.contains("<script nonce=\"n0nce\">"))
        for id in PageRenderer.fragmentNames {
            #expect(html.contains("id=\"\(id)\""), "section \(id)")
        }
        #expect(html.contains("76,4 kg"))
        #expect(html.contains("Din vikt har ökat mer än 2 kg på 3 dagar."))
        #expect(html.contains("Hjärtsviktsmottagningen"))
        #expect(html.contains("Ansluten till vården"))
        #expect(html.contains("prefers-reduced-motion"))
        #expect(!html.contains("http://") && !html.contains("https://"), "nothing loaded from elsewhere")
        #expect(PageRenderer.page(Self.state(.en), nonce: "x").contains("<html lang=\"en\""))
    }

    @Test func theScriptStaysSmall() {
        let lines = PageScript.source.split(separator: "\n").count
        #expect(lines <= 60, "\(lines) lines")
    }

    @Test func earlierReadingsExcludeTheLatestAndShowWords() {
        let list = PageRenderer.recent(Self.state())
        #expect(!list.contains("w-2026-11-23"))
        #expect(list.contains("data-reading-id=\"bp-2026-11-22\""))
        #expect(list.contains("tone-yellow\">") && list.contains("Avvikande</span>"))
    }

    @Test func emptyStateIsFriendly() {
        let state = DisplayState(trends: .empty(endingAt: Fixtures.now))
        let html = PageRenderer.page(state, nonce: "n")
        #expect(html.contains("Inga mätningar ännu"))
        #expect(html.contains("Inga tidigare mätningar."))
        #expect(PageRenderer.fragment("nope", state) == nil)
    }

    @Test func bigBoxTextsAreAtLeast28Pixels() throws {
        // the rules for the box's text classes, read back from the stylesheet
        let css = PageStyle.css
        for selector in [".latest{", ".latest .headline{", ".latest .kind{"] {
            let rule = try #require(css.range(of: selector).map { css[$0.upperBound...].prefix { $0 != "}" } })
            let size = rule.components(separatedBy: "font-size:").dropFirst().first?.prefix { $0.isNumber }
            #expect(Int(size ?? "") ?? 0 >= 28, "\(selector) \(rule)")
        }
        #expect(css.contains(".latest .detail,.latest .reasons,.latest .time{font-size:28px}"))
    }
}
