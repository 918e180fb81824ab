import Foundation
import GatewayStore
import Triage

/// Turns stored readings into triage's input units: mmHg and kg.
enum VitalMapping {
    /// mmHg per kPa: 1 atm = 101.325 kPa = 760 mmHg by definition, so the factor is exact (7.50061…).
    static let mmHgPerKPa = 760.0 / 101.325
    /// kg per lb: the international avoirdupois pound, exactly 0.453 592 37 kg.
    static let kgPerPound = 0.453_592_37

    /// The triage reading, or nil when the values cannot be judged (missing or non-finite).
    static func vital(_ reading: NewReading, id: String) -> VitalReading? {
        switch reading.kind {
        case .bloodPressure:
            guard let systolic = mmHg(reading.systolic, reading.pressureUnit),
                let diastolic = mmHg(reading.diastolic, reading.pressureUnit)
            else { return nil }
            let pressure = BloodPressure(
                systolic: systolic, diastolic: diastolic,
                meanArterial: mmHg(reading.meanArterialPressure, reading.pressureUnit),
                pulse: reading.pulse.flatMap { $0.isFinite ? $0 : nil },
                status: cuffStatus(reading.cuffStatus))
            return VitalReading(id: id, time: reading.effectiveAt, kind: .bloodPressure(pressure))
        case .weight:
            guard let kg = kilograms(reading.weight, reading.weightUnit) else { return nil }
            return VitalReading(id: id, time: reading.effectiveAt, kind: .weight(kg: kg))
        default:
            return nil
        }
    }

    /// A pressure in mmHg; kPa is converted with the exact factor (no rounding: triage compares it).
    static func mmHg(_ value: Double?, _ unit: String?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return unit == "kPa" ? value * mmHgPerKPa : value
    }

    /// A mass in kg; lb is converted exactly.
    static func kilograms(_ value: Double?, _ unit: String?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return unit == "lb" ? value * kgPerPound : value
    }

    /// The 0x2A35 status bits (Blood Pressure Measurement Status) as triage's flags.
    static func cuffStatus(_ bits: Int?) -> CuffStatus {
        guard let bits else { return CuffStatus() }
        let range: PulseRateRange =
            switch (bits >> 3) & 0b11 {
            case 1: .above
            case 2: .below
            default: .within  // 0 within, 3 reserved
            }
        return CuffStatus(
            bodyMovement: bits & 0x01 != 0, cuffTooLoose: bits & 0x02 != 0, irregularPulse: bits & 0x04 != 0,
            pulseRateRange: range, improperPosition: bits & 0x20 != 0)
    }
}
