/// Reading kinds the hf-default rule set has no rule for, and how such a reading is assessed.
///
/// CLINICAL.md §5 (the proposed default table) has rules for weight, blood pressure and pulse only.
/// TELBIL's limits (SpO₂ < 95 %, temperature > 37 °C, §4) are a trial's, not part of the proposed
/// defaults, so no threshold is invented here. A reading of these kinds is stored and forwarded
/// with the assessment "stored, no rule applies": rule id `info.no-rule`, colour green (not sent to
/// the worklist), and a patient text that says the value was saved and is NOT judged by the hub.
/// The display shows it with its own neutral tone and the word "Sparat", never "Bra".
public enum NoRule {
    /// The rule id recorded with such an assessment (staff filter on it).
    public static let ruleID = "info.no-rule"

    /// The patient messages: "Värdet är sparat." then that the hub does not judge this kind.
    public static let messages = [PatientMessage(.valueSaved), PatientMessage(.notAssessedHere)]

    /// One reading kind without a rule.
    public struct Kind: Sendable, Hashable {
        /// The store's kind name, e.g. `temperature`.
        public var name: String
        /// The GATT characteristic it comes from.
        public var characteristic: String
        /// What is stored (typed quantities, MDC codes, UCUM units).
        public var stored: String
        /// Why no rule applies, citing CLINICAL.md.
        public var why: String
    }

    /// The kinds, in the order docs/TRIAGE.md lists them.
    public static let kinds: [Kind] = [
        Kind(
            name: "body_composition", characteristic: "0x2A9C Body Composition Measurement",
            stored: "`body_fat` 188748 `%`; when sent: `weight` 188736 `kg`/`[lb_av]`, `muscle_percentage` `%`, "
                + "`muscle_mass`, `fat_free_mass`, `soft_lean_mass`, `body_water_mass` (kg/lb), `impedance` `Ohm`, "
                + "`basal_metabolism` `kJ`, `height` `m`/`[in_i]`",
            why: "CLINICAL.md §5 has no body-composition rule; the weight rules judge 0x2A9D weighings only"),
        Kind(
            name: "temperature", characteristic: "0x2A1C Temperature Measurement",
            stored: "`temperature` 150364 `Cel` or `[degF]` as sent",
            why: "no rule in CLINICAL.md §5; TELBIL's > 37 °C (§4) is a trial limit, not a proposed default"),
        Kind(
            name: "spo2", characteristic: "0x2A5E PLX Spot-check Measurement",
            stored: "`spo2` 150456 `%`, `pulse` 149530 `/min`",
            why: "no rule in CLINICAL.md §5 (H1 judges the cuff's pulse only); TELBIL's SpO₂ < 95 % (§4) is a trial limit"),
        Kind(
            name: "glucose", characteristic: "0x2A18 Glucose Measurement",
            stored: "`glucose` (MDC by sample type, e.g. 160184 capillary whole blood) `mmol/L`, or `mg/dL` from kg/L",
            why: "CLINICAL.md covers heart failure only; no glucose rule"),
    ]

    /// The table for docs/TRIAGE.md (embedded verbatim; a test checks it).
    public static var markdown: String {
        var lines = [
            "Readings of these kinds are stored, forwarded and shown, and assessed `\(ruleID)`: colour green "
                + "(no worklist item), patient text \"\(Texts.render(messages, in: .swedish))\" / "
                + "\"\(Texts.render(messages, in: .english))\". The display shows the neutral tone \"Sparat\" / \"Saved\", not \"Bra\".",
            "", "| Kind | Characteristic | Stored quantities (name, MDC, UCUM) | Why no rule applies |", "|---|---|---|---|",
        ]
        for kind in kinds {
            lines.append("| `\(kind.name)` | \(kind.characteristic) | \(kind.stored) | \(kind.why) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
