import HealthProfiles

/// What one measurement becomes, before identifiers and references: the Observations with their
/// codes, profiles and values. Both ``PhdMapping/identifiers(for:phdIdentifier:)`` and
/// ``PhdMapping/entries(for:identifiers:)`` follow this plan, so they always agree.
struct ReadingPlan {
    enum Value {
        case quantity(Quantity)
        /// data-absent-reason code (FLOAT/SFLOAT specials per PHD IG FLOATS.md; failed measurements: error).
        case absent(String)
        /// BP panel: no value, components.
        case components([Observation.Component])
    }

    struct PlannedObservation {
        var code: ObservationCode
        var phdProfile: String
        var vitalSignsProfile: String?
        var value: Value
    }

    /// Main observation first.
    var observations: [PlannedObservation]
    var cuffStatus: BloodPressureMeasurementStatus?
    /// True when the payload carried a known device timestamp (then a coincident timestamp applies).
    var deviceTimestamp: Bool
    var specialization: (Int, String)
}

extension PhdMapping {
    static func plan(_ measurement: HealthProfiles.Measurement) throws(FHIRMappingError) -> ReadingPlan {
        switch measurement {
        case .bloodPressure(let bp): return bloodPressure(bp)
        case .weight(let weight): return weightPlan(weight)
        case .bodyComposition(let value):
            guard !value.multiplePacket else { throw .notForwarded("one packet of a multi-packet body composition") }
            return bodyComposition(value)
        case .temperature(let value):
            let vital = value.unit == .celsius ? ("Cel", "Cel") : ("[degF]", "degF")
            return ReadingPlan(
                observations: [numeric(.bodyTemperature, "bodytemp", value: value.temperature.decimal, special: value.temperature.special,
                                       ucum: vital.0, unit: vital.1)],
                deviceTimestamp: value.timestamp?.isDateKnown ?? false, specialization: DeviceCode.thermometer)
        case .plxSpotCheck(let value): return try spotCheck(value)
        case .glucose(let value): return try glucose(value)
        default: throw .notForwarded(measurement.typeName)
        }
    }

    static func numeric(
        _ code: ObservationCode, _ vitalSigns: String?, value: ExactDecimal?, special: MedFloatSpecial? = nil,
        ucum: String, unit: String
    ) -> ReadingPlan.PlannedObservation {
        let planned: ReadingPlan.Value = value.map { .quantity(quantity($0, ucum: ucum, unit: unit)) } ?? .absent(absentReason(special))
        return ReadingPlan.PlannedObservation(
            code: code, phdProfile: FHIRURI.phdProfile("PhdNumericObservation"),
            vitalSignsProfile: vitalSigns.map(FHIRURI.vitalSignsProfile), value: planned)
    }

    static func quantity(_ value: ExactDecimal, ucum: String, unit: String) -> Quantity {
        Quantity(value: FHIRDecimal(value), unit: unit, system: FHIRURI.ucum, code: ucum)
    }

    /// PHD IG FLOATS.md: NaN → not-a-number, ±INF → positive-/negative-infinity, NRes and reserved → error;
    /// no special (an unsuccessful or flagged measurement) → error.
    static func absentReason(_ special: MedFloatSpecial?) -> String {
        switch special {
        case .nan: "not-a-number"
        case .positiveInfinity: "positive-infinity"
        case .negativeInfinity: "negative-infinity"
        case .nres, .reserved, nil: "error"
        }
    }

    private static func bloodPressure(_ bp: BloodPressureMeasurement) -> ReadingPlan {
        // The R4 `bp` and `heartrate` profiles fix the unit to mm[Hg]; a kPa reading is sent as
        // measured (exact) and claims only the PHD profile.
        let (ucum, unit) = bp.unit == .mmHg ? ("mm[Hg]", "mmHg") : ("kPa", "kPa")
        func component(_ code: ObservationCode, _ value: MedFloat16) -> Observation.Component {
            var component = Observation.Component(code: code.concept)
            component.code.text = nil
            if let decimal = value.decimal {
                component.valueQuantity = quantity(decimal, ucum: ucum, unit: unit)
            } else {
                component.dataAbsentReason = dataAbsentReason(absentReason(value.special))
            }
            return component
        }
        var observations = [ReadingPlan.PlannedObservation(
            code: .bloodPressure, phdProfile: FHIRURI.phdProfile("PhdCompoundNumericObservation"),
            vitalSignsProfile: bp.unit == .mmHg ? FHIRURI.vitalSignsProfile("bp") : nil,
            value: .components([
                component(.systolic, bp.systolic), component(.diastolic, bp.diastolic),
                component(.meanPressure, bp.meanArterialPressure),
            ]))]
        if let pulse = bp.pulseRate {
            observations.append(numeric(.cuffPulse, "heartrate", value: pulse.decimal, special: pulse.special, ucum: "/min", unit: "/min"))
        }
        return ReadingPlan(
            observations: observations, cuffStatus: bp.status, deviceTimestamp: bp.timestamp?.isDateKnown ?? false,
            specialization: DeviceCode.bloodPressure)
    }

    /// Weight as sent: kg (0.005 kg resolution) or [lb_av] (0.01 lb; allowed by the R4
    /// bodyweight units value set). Height in cm (exactly: m × 10²) or [in_i], the units the R4
    /// bodyheight profile allows.
    private static func weightPlan(_ weight: WeightMeasurement) -> ReadingPlan {
        let si = weight.unit == .si
        var observations = [numeric(.bodyWeight, "bodyweight", value: weight.weight, ucum: si ? "kg" : "[lb_av]", unit: si ? "kg" : "lb")]
        if let pair = weight.bmiAndHeight, let height = weight.height {
            observations.append(numeric(.bmi, "bmi", value: pair.bmi, ucum: "kg/m2", unit: "kg/m2"))
            observations.append(heightObservation(height, si: si))
        }
        return ReadingPlan(
            observations: observations, deviceTimestamp: weight.timestamp?.isDateKnown ?? false, specialization: DeviceCode.scale)
    }

    private static func heightObservation(_ height: ExactDecimal, si: Bool) -> ReadingPlan.PlannedObservation {
        let value = si ? ExactDecimal(significand: height.significand, exponent: height.exponent + 2) : height
        return numeric(.bodyHeight, "bodyheight", value: value, ucum: si ? "cm" : "[in_i]", unit: si ? "cm" : "in")
    }

    /// Body fat (main), and the weight and height the packet carries. Muscle, water, impedance and
    /// basal metabolism are not forwarded (they stay in the hub's values_json).
    private static func bodyComposition(_ value: BodyCompositionMeasurement) -> ReadingPlan {
        let si = value.unit == .si
        var observations = [numeric(.bodyFat, nil, value: value.bodyFatPercentage, ucum: "%", unit: "%")]
        if !value.measurementUnsuccessful {
            if let raw = value.weightRaw {
                observations.append(numeric(.bodyWeight, "bodyweight", value: value.unit.mass(raw: raw),
                                            ucum: si ? "kg" : "[lb_av]", unit: si ? "kg" : "lb"))
            }
            if let raw = value.heightRaw { observations.append(heightObservation(value.unit.height(raw: raw), si: si)) }
        }
        return ReadingPlan(
            observations: observations, deviceTimestamp: value.timestamp?.isDateKnown ?? false,
            specialization: DeviceCode.bodyComposition)
    }

    /// Same rules as the hub's pipeline (Gateway ReadingDraft+MoreKinds): demonstration/test data
    /// is not a reading; failed measurement or sensor status → SpO2 absent (error), pulse not sent.
    private static func spotCheck(_ value: PLXSpotCheckMeasurement) throws(FHIRMappingError) -> ReadingPlan {
        let status = value.measurementStatus ?? 0
        if status & (1 << 10 | 1 << 11) != 0 { throw .notForwarded("pulse-oximeter demonstration or test data") }
        let failedMeasurement: UInt16 = 1 << 5 | 1 << 12 | 1 << 13 | 1 << 14 | 1 << 15
        let failedSensor: UInt32 = 1 << 1 | 1 << 11 | 1 << 12 | 1 << 13 | 1 << 14 | 1 << 15
        let failed = status & failedMeasurement != 0 || (value.deviceAndSensorStatus ?? 0) & failedSensor != 0
        var observations = [numeric(.spo2, "oxygensat", value: failed ? nil : value.spo2.decimal, special: value.spo2.special,
                                    ucum: "%", unit: "%")]
        if !failed {
            observations.append(numeric(.oximeterPulse, "heartrate", value: value.pulseRate.decimal, special: value.pulseRate.special,
                                        ucum: "/min", unit: "/min"))
        }
        return ReadingPlan(
            observations: observations, deviceTimestamp: !value.deviceClockNotSet && (value.timestamp?.isDateKnown ?? false),
            specialization: DeviceCode.pulseOximeter)
    }

    /// mol/L → mmol/L (×10³) and kg/L → mg/dL (×10⁵), exactly. Control solution is not a reading;
    /// sensor status bits 1–10 mean no value (error).
    private static func glucose(_ value: GlucoseMeasurement) throws(FHIRMappingError) -> ReadingPlan {
        let type = value.concentration?.type ?? 0
        if type == 10 || value.concentration?.sampleLocation == 4 { throw .notForwarded("glucose control-solution test") }
        let molar = value.concentration?.unit == .molePerLitre
        let failed = (value.sensorStatus ?? 0) & 0b0111_1111_1110 != 0
        var exact: ExactDecimal?
        if let decimal = value.concentration?.value.decimal, !failed {
            exact = ExactDecimal(significand: decimal.significand, exponent: decimal.exponent + (molar ? 3 : 5))
        }
        let observation = numeric(
            .glucose(type: type, molar: molar), nil, value: exact, special: failed ? nil : value.concentration?.value.special,
            ucum: molar ? "mmol/L" : "mg/dL", unit: molar ? "mmol/L" : "mg/dL")
        return ReadingPlan(
            observations: [observation], deviceTimestamp: value.baseTime.isDateKnown, specialization: DeviceCode.glucose)
    }

    static func dataAbsentReason(_ code: String) -> CodeableConcept {
        CodeableConcept(coding: [Coding(system: FHIRURI.dataAbsentReason, code: code)])
    }
}
