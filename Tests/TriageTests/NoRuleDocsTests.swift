import Foundation
import Testing

@testable import Triage

/// docs/TRIAGE.md embeds the "no rule applies" table generated from `NoRule` (issue 5).
/// Regenerate with `TRIAGE_WRITE_DOCS=1 swift test --filter NoRuleDocsTests`.
@Suite("docs/TRIAGE.md lists the kinds no rule judges")
struct NoRuleDocsTests {
    static let begin = "<!-- BEGIN GENERATED: NoRule.markdown -->\n"
    static let end = "<!-- END GENERATED: NoRule -->"

    @Test func generatedTableIsCurrent() throws {
        var doc = try String(contentsOf: DocsTests.docURL, encoding: .utf8)
        let generated = Self.begin + NoRule.markdown + Self.end
        let start = try #require(doc.range(of: Self.begin), "docs/TRIAGE.md lacks the NoRule BEGIN marker")
        let stop = try #require(doc.range(of: Self.end, range: start.upperBound..<doc.endIndex))
        if ProcessInfo.processInfo.environment["TRIAGE_WRITE_DOCS"] == "1" {
            doc.replaceSubrange(start.lowerBound..<stop.upperBound, with: generated)
            try doc.write(to: DocsTests.docURL, atomically: true, encoding: .utf8)
        }
        let current = try String(contentsOf: DocsTests.docURL, encoding: .utf8)
        #expect(current.contains(generated), "run TRIAGE_WRITE_DOCS=1 swift test --filter NoRuleDocsTests")
    }

    @Test func theRuleIDIsNotARuleOfTheTable() {
        // info.no-rule is a label for "nothing judged this", never a rule that could fire on BP or weight.
        #expect(RuleID(rawValue: NoRule.ruleID) == nil)
        #expect(Set(NoRule.kinds.map(\.name)) == ["body_composition", "temperature", "spo2", "glucose"])
    }

    @Test func thePatientIsToldItIsSavedAndNotJudged() {
        #expect(Texts.render(NoRule.messages, in: .swedish)
            == "Värdet är sparat. Hubben bedömer inte den här sortens värde. Kontakta vården som vanligt om du mår sämre.")
        #expect(Texts.render(NoRule.messages, in: .english)
            == "The value has been saved. The hub does not assess this kind of value. Contact your care team as usual if you feel worse.")
    }
}
