import Foundation

/// The rule and parameter tables rendered from the data, for docs/TRIAGE.md and staff UIs.
extension RuleSet {
    /// Markdown tables of the rules and the parameters; docs/TRIAGE.md embeds this verbatim (a test checks it).
    public var markdown: String {
        var lines = ["Rule set `\(id)` (`\(label)`).", "", "| Rule | Signal | Looks at | Green | Yellow | Red / grey | Parameters | Sources |",
                     "|---|---|---|---|---|---|---|---|"]
        for rule in rules {
            let names = rule.parameters.map { "`\($0)`" }.joined(separator: ", ")
            let cells = [
                rule.id.rawValue, "`\(rule.signal.rawValue)`", rule.title, rule.green.isEmpty ? "n/a" : rule.green,
                rule.yellow, rule.red, names, rule.sources,
            ]
            lines.append("| " + cells.map(Self.cell).joined(separator: " | ") + " |")
        }
        lines += ["", "| Parameter | Default | Unit | Allowed | What it does | Source |", "|---|---|---|---|---|---|"]
        for spec in parameters {
            let allowed = "\(NumberText.plain(spec.minimum))–\(NumberText.plain(spec.maximum))"
                + (spec.wholeNumber ? " (whole)" : "")
            let cells = [
                "`\(spec.name)`", spec.defaultValue.map(NumberText.plain) ?? "unset", spec.unit, allowed, spec.summary,
                spec.source,
            ]
            lines.append("| " + cells.map(Self.cell).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
