import Foundation
import Testing

@testable import Triage

@Suite("Parameters: defaults, overrides, validation")
struct ParametersTests {
    /// CLINICAL.md §5a names, exactly as written there.
    static let clinicalNames = [
        "weight.gain_3d_kg", "weight.gain_1d_kg", "weight.gain_7d_kg", "weight.target_kg", "weight.above_target_kg",
        "weight.loss_3d_kg", "weight.implausible_jump_kg", "sbp.low_red", "sbp.low_red_symptomatic", "sbp.low_yellow",
        "sbp.high_yellow", "dbp.high_yellow", "sbp.high_red", "dbp.high_red", "hr.low_red", "hr.high_red",
        "hr.low_yellow", "hr.high_yellow", "missing.weight_days",
    ]

    @Test("every CLINICAL.md §5a parameter is in the table", arguments: clinicalNames)
    func clinicalParameterPresent(name: String) {
        #expect(ParameterTable.spec(ParameterName(rawValue: name)) != nil)
    }

    /// Defaults from CLINICAL.md §5a.
    @Test(
        "defaults match CLINICAL.md §5a",
        arguments: [
            ("weight.gain_3d_kg", 2.0), ("weight.gain_1d_kg", 1.5), ("weight.gain_7d_kg", 2.5),
            ("weight.above_target_kg", 2.0), ("weight.loss_3d_kg", 2.0), ("weight.implausible_jump_kg", 5.0),
            ("sbp.low_red", 80), ("sbp.low_red_symptomatic", 90), ("sbp.low_yellow", 100), ("sbp.high_yellow", 135),
            ("dbp.high_yellow", 85), ("sbp.high_red", 180), ("dbp.high_red", 110), ("hr.low_red", 40),
            ("hr.high_red", 120), ("hr.low_yellow", 50), ("hr.high_yellow", 100), ("missing.weight_days", 2),
        ])
    func defaults(name: String, value: Double) {
        #expect(Parameters.defaults[ParameterName(rawValue: name)] == value)
    }

    @Test func targetWeightUnsetByDefault() {
        #expect(Parameters.defaults[.weightTarget] == nil)
    }

    @Test func tableIsConsistent() throws {
        let names = ParameterTable.all.map(\.name)
        #expect(Set(names).count == names.count, "duplicate parameter names")
        for spec in ParameterTable.all {
            #expect(spec.minimum <= spec.maximum, "\(spec.name)")
            if let value = spec.defaultValue { #expect(spec.allowed.contains(value), "\(spec.name) default outside range") }
            #expect(!spec.summary.isEmpty && !spec.source.isEmpty && !spec.unit.isEmpty)
        }
        // The defaults themselves pass validation.
        let all = Dictionary(uniqueKeysWithValues: Parameters.defaults.values.map { ($0.key.rawValue, $0.value) })
        #expect(try Parameters.defaults.applying(overrides: all) == Parameters.defaults)
    }

    @Test func overrideChangesValueAndKeepsOthers() throws {
        let patient = try Parameters.defaults.applying(overrides: ["sbp.low_yellow": 90, "weight.target_kg": 78.5])
        #expect(patient[.sbpLowYellow] == 90)
        #expect(patient[.weightTarget] == 78.5)
        #expect(patient[.sbpHighYellow] == 135)
    }

    @Test(
        "invalid overrides are rejected with a clear error",
        arguments: [
            (["weight.gain_3d": 2.0], ParameterError.unknown(name: "weight.gain_3d")),
            (["sbp.low_yelow": 90], .unknown(name: "sbp.low_yelow")),
            (["weight.gain_3d_kg": 0.1], .outOfRange(name: .weightGain3d, value: 0.1, allowed: 0.5...10)),
            (["weight.gain_3d_kg": 50], .outOfRange(name: .weightGain3d, value: 50, allowed: 0.5...10)),
            (["hr.high_red": .nan], .notFinite(name: .hrHighRed)),
            (["sbp.low_yellow": .infinity], .notFinite(name: .sbpLowYellow)),
            (["missing.weight_days": 2.5], .notWhole(name: .missingWeightDays, value: 2.5)),
            (["sbp.low_yellow": 140], .inconsistent(lower: .sbpLowYellow, lowerValue: 140, upper: .sbpHighYellow, upperValue: 135)),
            (["hr.low_red": 55], .inconsistent(lower: .hrLowRed, lowerValue: 55, upper: .hrLowYellow, upperValue: 50)),
        ] as [([String: Double], ParameterError)])
    func rejected(overrides: [String: Double], expected: ParameterError) {
        #expect(throws: expected) { try Parameters.defaults.applying(overrides: overrides) }
    }

    @Test func errorDescriptionsNameTheParameter() {
        let error = ParameterError.outOfRange(name: .weightGain3d, value: 50, allowed: 0.5...10)
        #expect(error.description.contains("weight.gain_3d_kg"))
        #expect(error.description.contains("50"))
        #expect(ParameterError.unknown(name: "foo.bar").description.contains("foo.bar"))
    }

    @Test func parametersAndAlertStateRoundTripAsJSON() throws {
        let patient = try Parameters.defaults.applying(overrides: ["weight.target_kg": 80])
        let data = try JSONEncoder().encode(patient)
        #expect(try JSONDecoder().decode(Parameters.self, from: data) == patient)
        var state = AlertState()
        state.active[.weightGain3d] = ActiveAlert(colour: .yellow, since: Fixture.day0, rule: .w1)
        let json = try JSONEncoder().encode(state)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"weight.gain_3d\""), "keyed by signal name: \(text)")
        #expect(try JSONDecoder().decode(AlertState.self, from: json) == state)
    }
}
