import FHIR
import Foundation

/// A measured value as staff read it, in the units the pages show (kg, mmHg, beats/min), taken
/// from the hub's Observations by LOINC code; pounds and kPa are converted.
public enum ObservedValue: Hashable, Sendable {
    case weight(kg: Double)
    case bloodPressure(systolic: Double, diastolic: Double, pulse: Double?)
    case pulse(bpm: Double)

    static let weightCode = "29463-7"
    static let bloodPressureCode = "85354-9"
    static let systolicCode = "8480-6"
    static let diastolicCode = "8462-4"
    static let pulseCode = "8867-4"

    /// The value of one Observation; nil for anything that is not a weight, a blood pressure or a pulse.
    init?(_ observation: Observation) {
        switch Self.loinc(observation.code) {
        case Self.weightCode:
            guard let kg = Self.kilograms(observation.valueQuantity) else { return nil }
            self = .weight(kg: kg)
        case Self.pulseCode:
            guard let bpm = Self.number(observation.valueQuantity) else { return nil }
            self = .pulse(bpm: bpm)
        case Self.bloodPressureCode:
            let parts = observation.component ?? []
            func part(_ code: String) -> Double? { Self.mmHg(parts.first { Self.loinc($0.code) == code }?.valueQuantity) }
            guard let systolic = part(Self.systolicCode), let diastolic = part(Self.diastolicCode) else { return nil }
            self = .bloodPressure(systolic: systolic, diastolic: diastolic, pulse: nil)
        default:
            return nil
        }
    }

    /// The value of a deviating reading's implicated Observations: the blood pressure with the
    /// cuff's pulse beside it, else the first weight or pulse.
    init?(implicated observations: [Observation]) {
        let values = observations.compactMap(ObservedValue.init)
        let pulse = values.lazy.compactMap { value -> Double? in if case .pulse(let bpm) = value { bpm } else { nil } }.first
        if let pressure = values.first(where: { if case .bloodPressure = $0 { true } else { false } }),
           case .bloodPressure(let systolic, let diastolic, _) = pressure {
            self = .bloodPressure(systolic: systolic, diastolic: diastolic, pulse: pulse)
        } else if let first = values.first {
            self = first
        } else {
            return nil
        }
    }

    static func loinc(_ concept: CodeableConcept) -> String? {
        concept.coding?.first { $0.system == "http://loinc.org" }?.code
    }

    static func number(_ quantity: Quantity?) -> Double? {
        guard let value = quantity?.value?.doubleValue, value.isFinite else { return nil }
        return value
    }

    static func kilograms(_ quantity: Quantity?) -> Double? {
        guard let value = number(quantity) else { return nil }
        switch quantity?.code ?? quantity?.unit {
        case "[lb_av]", "lb": return value * 0.453_592_37
        case "g": return value / 1000
        default: return value
        }
    }

    static func mmHg(_ quantity: Quantity?) -> Double? {
        guard let value = number(quantity) else { return nil }
        return quantity?.code == "kPa" || quantity?.unit == "kPa" ? value * 7.500_615_75 : value
    }

    /// The kind and up to three numbers, as the worklist table keeps them.
    var columns: (kind: String, a: Double, b: Double?, c: Double?) {
        switch self {
        case .weight(let kg): ("weight", kg, nil, nil)
        case .bloodPressure(let systolic, let diastolic, let pulse): ("blood-pressure", systolic, diastolic, pulse)
        case .pulse(let bpm): ("pulse", bpm, nil, nil)
        }
    }

    init?(kind: String?, a: Double?, b: Double?, c: Double?) {
        switch (kind, a, b) {
        case ("weight", let kg?, _): self = .weight(kg: kg)
        case ("blood-pressure", let systolic?, let diastolic?): self = .bloodPressure(systolic: systolic, diastolic: diastolic, pulse: c)
        case ("pulse", let bpm?, _): self = .pulse(bpm: bpm)
        default: return nil
        }
    }
}
