import Testing
@testable import Triage

@Suite("ParameterKey: the dense table is derived from the parameter table")
struct ParameterKeyTests {
    /// Every named key the rules use (a key for a name the table lacks would trap here, at its first use).
    static let named: [ParameterKey] = [
        .weightGain1d, .weightGain3d, .weightGain7d, .weightTarget, .weightAboveTarget, .weightLoss3d,
        .weightImplausibleJump, .weightMorningFrom, .weightMorningTo, .weightReferenceFallback, .sbpLowRed,
        .sbpLowRedSymptomatic, .sbpLowYellow, .sbpHighYellow, .sbpHighRed, .dbpHighYellow, .dbpHighRed,
        .sbpBaselineDrop, .sbpBaselineDays, .sbpBaselineMinSessions, .bpSessionWindow, .hrLowRed, .hrLowYellow,
        .hrHighYellow, .hrHighRed, .irregularWindowSessions, .irregularMinSessions, .qualityFailedRepeat,
        .missingWeightDays, .combinationSbpLow, .combinationHrHigh, .combinationWindow, .planFlexibleDiuretics,
    ]

    @Test("the table names each parameter once, so a name has one position")
    func namesAreUnique() {
        let names = ParameterTable.all.map(\.name)
        #expect(Set(names).count == names.count, "duplicates: \(names.filter { n in names.filter { $0 == n }.count > 1 })")
    }

    @Test("a key's index is its parameter's position in the table, whatever the table's order")
    func indicesArePositions() {
        #expect(ParameterKey.all.count == ParameterTable.all.count)
        for (position, spec) in ParameterTable.all.enumerated() {
            #expect(ParameterKey.all[position].name == spec.name)
            #expect(ParameterKey.all[position].index == position)
            #expect(ParameterKey(spec.name).index == position, "\(spec.name)")
        }
        for key in Self.named {
            #expect(ParameterTable.all[key.index].name == key.name, "\(key.name) points at \(ParameterTable.all[key.index].name)")
        }
        #expect(Set(Self.named.map(\.index)).count == Self.named.count, "two named keys share a slot")
    }

    @Test("a key reads the override when there is one, else the table's default")
    func valuesFollowOverrides() throws {
        let defaults = Parameters.defaults
        for key in ParameterKey.all + Self.named {
            let expected = ParameterTable.spec(key.name)?.defaultValue ?? 0
            #expect(defaults.value(key) == expected, "\(key.name)")
            #expect(defaults.used(key) == ParameterValue(name: key.name, value: expected))
        }
        // The resolved table is rebuilt when values change: an override shows through its key.
        let overridden = try defaults.applying(overrides: ["weight.target_kg": 74, "weight.gain_3d_kg": 1.5])
        #expect(overridden.value(.weightTarget) == 74)
        #expect(overridden.value(.weightGain3d) == 1.5)
        #expect(overridden.value(.weightGain1d) == defaults.value(.weightGain1d))
    }
}
