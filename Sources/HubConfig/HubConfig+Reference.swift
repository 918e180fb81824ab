/// One row of README's configuration reference.
public struct ConfigReferenceRow: Equatable, Sendable {
    /// `database`, `display.port`.
    public var key: String
    /// What the value must be.
    public var type: String
    /// The default as written in a TOML file, or a note.
    public var defaultText: String
    /// What the key does.
    public var meaning: String
}

extension ConfigSection {
    static func rows(prefix: String) -> [ConfigReferenceRow] {
        let defaults = Self()
        return fields.filter { !$0.isTable }.map { field in
            ConfigReferenceRow(
                key: prefix + field.name, type: field.type,
                defaultText: field.defaultNote ?? field.literal(defaults).map { "`\($0)`" } ?? "none", meaning: field.meaning)
        }
    }
}

extension HubConfig {
    /// Every key of the file, tables' keys as `table.key`, in the order of the fields.
    public static var reference: [ConfigReferenceRow] {
        let tables = fields.filter(\.isTable).map { ConfigReferenceRow(key: $0.name, type: "table", defaultText: $0.defaultNote ?? "", meaning: $0.meaning) }
        return rows(prefix: "") + tables + DisplaySection.rows(prefix: "display.") + ForwardingSection.rows(prefix: "forwarding.")
    }

    /// README's configuration table (Markdown), generated from the fields.
    public static var referenceMarkdown: String {
        var lines = ["| key | type | default | meaning |", "|---|---|---|---|"]
        for row in reference where row.type != "table" {
            lines.append("| `\(row.key)` | \(row.type) | \(row.defaultText) | \(row.meaning) |")
        }
        return lines.joined(separator: "\n")
    }
}

extension ConfigSection {
    func literals(prefix: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: Self.fields.filter { !$0.isTable }.map { (prefix + $0.name, $0.literal(self) ?? "none") })
    }
}

extension HubConfig {
    /// The keys whose values differ between `old` and this config (`display.port`, `forwarding`
    /// when the section was added or removed), in reference order; for SIGHUP's report.
    public func changedKeys(from old: HubConfig) -> [String] {
        func values(_ config: HubConfig) -> [String: String] {
            var all = config.literals(prefix: "").merging(config.display.literals(prefix: "display.")) { a, _ in a }
            if let forwarding = config.forwarding {
                all.merge(forwarding.literals(prefix: "forwarding.")) { a, _ in a }
            } else {
                all["forwarding"] = "none"
            }
            return all
        }
        let new = values(self), before = values(old)
        let order = Self.reference.map(\.key)
        return Set(new.keys).union(before.keys).filter { new[$0] != before[$0] }
            .sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
    }
}
