import Testing
@testable import Triage

@Suite("ParameterKey: the dense table stays in step with the parameter table")
struct ParameterKeyTests {
    @Test("every key's index is its position in `all`, and no name has two keys")
    func indicesArePositions() {
        for (position, key) in ParameterKey.all.enumerated() {
            #expect(key.index == position, "\(key.name) has index \(key.index) at position \(position)")
        }
        #expect(Set(ParameterKey.all.map(\.name)).count == ParameterKey.all.count)
    }

    @Test("every parameter of the table has a key, and every key is a parameter of the table")
    func coversTheTable() {
        let keyed = Set(ParameterKey.all.map(\.name))
        let specified = Set(ParameterTable.all.map(\.name))
        #expect(specified.subtracting(keyed).isEmpty, "parameters without a key: \(specified.subtracting(keyed).sorted())")
        #expect(keyed.subtracting(specified).isEmpty, "keys without a parameter: \(keyed.subtracting(specified).sorted())")
    }

    @Test("a key reads the override when there is one, else the table's default")
    func valuesFollowOverrides() throws {
        let defaults = Parameters.defaults
        for key in ParameterKey.all {
            let expected = ParameterTable.spec(key.name)?.defaultValue ?? 0
            #expect(defaults.value(key) == expected, "\(key.name)")
        }
        // The resolved table is rebuilt when values change: an override shows through its key.
        let overridden = try defaults.applying(overrides: ["weight.target_kg": 74, "weight.gain_3d_kg": 1.5])
        #expect(overridden.value(.weightTarget) == 74)
        #expect(overridden.value(.weightGain3d) == 1.5)
        #expect(overridden.value(.weightGain1d) == defaults.value(.weightGain1d))
    }
}
