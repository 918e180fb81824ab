import Foundation
import Testing

@testable import Triage

/// docs/TRIAGE.md embeds the rule and parameter tables generated from the data.
/// Regenerate with `TRIAGE_WRITE_DOCS=1 swift test --filter DocsTests`.
@Suite("docs/TRIAGE.md matches the rule set")
struct DocsTests {
    static let begin = "<!-- BEGIN GENERATED: RuleSet.hfDefault.markdown -->\n"
    static let end = "<!-- END GENERATED -->"

    static var docURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/TRIAGE.md")
    }

    @Test func generatedTablesAreCurrent() throws {
        var doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        let generated = Self.begin + RuleSet.hfDefault.markdown + Self.end
        let start = try #require(doc.range(of: Self.begin), "docs/TRIAGE.md lacks the BEGIN marker")
        let stop = try #require(doc.range(of: Self.end, range: start.upperBound..<doc.endIndex))
        if ProcessInfo.processInfo.environment["TRIAGE_WRITE_DOCS"] == "1" {
            doc.replaceSubrange(start.lowerBound..<stop.upperBound, with: generated)
            try doc.write(to: Self.docURL, atomically: true, encoding: .utf8)
        }
        let current = try String(contentsOf: Self.docURL, encoding: .utf8)
        #expect(current.contains(generated), "run TRIAGE_WRITE_DOCS=1 swift test --filter DocsTests")
    }

    @Test("the doc names every rule", arguments: RuleID.allCases)
    func listsRule(id: RuleID) throws {
        let doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        #expect(doc.contains("| \(id.rawValue) |"))
    }

    @Test("the doc names every parameter", arguments: ParameterTable.all.map(\.name.rawValue))
    func listsParameter(name: String) throws {
        let doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        #expect(doc.contains("`\(name)`"))
    }

    @Test func everyRuleParameterIsInTheTable() {
        for rule in RuleSet.hfDefault.rules {
            for name in rule.parameters { #expect(ParameterTable.spec(name) != nil, "\(rule.id): \(name)") }
        }
        #expect(RuleSet.hfDefault.rules.map(\.id) == RuleID.allCases)
        #expect(RuleSet.hfDefault.label == "rules: hf-default-2025.1")
    }
}
