import Foundation
import GatewayStore
import HealthProfiles

/// Drafts of the kinds stored since `v2-more-kinds`: body composition, temperature, pulse-oximeter
/// spot check and glucose. Their values go to `ReadingDraft.quantities` (table `reading_quantity`)
/// with MDC codes and UCUM units; the typed BP/weight columns stay empty. A value that cannot be
/// judged (a special, an "unsuccessful" or flagged measurement) is stored with `invalidReason`
/// (grey "measure again") and no quantities (raw payload and `values_json` keep what was sent), so
/// a flagged value is never shown or queried as a value, like BP and weight; demonstration, test and control-solution values are
/// not the patient's and are not readings at all.
extension ReadingDraft {
    /// MDC_BODY_FAT: 10101 term 57676 in partition 2 (SCADA) = 188748 (checked: FHIR/Mapping/Codes.swift).
    static let mdcBodyFat = 188_748
    /// MDC_LEN_BODY_ACTUAL (body height; reference/fhir-phd.md).
    static let mdcBodyHeight = 188_740
    /// MDC_TEMP_BODY.
    static let mdcBodyTemperature = 150_364
    /// MDC_PULS_OXIM_SAT_O2.
    static let mdcSpO2 = 150_456
    /// MDC_PULS_OXIM_PULS_RATE (the oximeter's pulse; reference/fhir-phd.md).
    static let mdcOximeterPulse = 149_530

    /// MDC_CONC_GLU_* by the 0x2A18 type nibble (checked against the 10101 terms, see
    /// FHIR/Mapping/Codes.swift); reserved types count as "undetermined whole blood".
    static func mdcGlucose(type: UInt8) -> Int {
        switch type {
        case 1: 160_184  // capillary whole blood
        case 2: 160_188  // capillary plasma
        case 3: 160_192  // venous whole blood
        case 4: 160_196  // venous plasma
        case 5: 160_200  // arterial whole blood
        case 6: 160_204  // arterial plasma
        case 8: 160_368  // undetermined plasma
        case 9: 160_212  // interstitial fluid: MDC_CONC_GLU_ISF 29140 (160372 was MDC_CONC_GLU_CONTROL_LEVEL_LOW)
        default: 160_364  // undetermined whole blood (7, reserved)
        }
    }

    /// The draft of a v2 kind, or why the value is not a reading; nil for other measurements.
    static func moreKinds(_ measurement: HealthProfiles.Measurement) -> Result<ReadingDraft, NotAReading>? {
        let json = measurement.jsonString
        switch measurement {
        case .bodyComposition(let value): return bodyComposition(value, json: json)
        case .temperature(let value): return .success(temperature(value, json: json))
        case .plxSpotCheck(let value): return spotCheck(value, json: json)
        case .glucose(let value): return glucose(value, json: json)
        default: return nil
        }
    }

    private static func bodyComposition(
        _ value: BodyCompositionMeasurement, json: String
    ) -> Result<ReadingDraft, NotAReading> {
        if value.multiplePacket {
            // The pipeline joins the two packets first (ReadingPipeline+MultiPacket.swift); a packet
            // still flagged here was not joined, and storing each would double the body fat.
            return .failure(NotAReading(reason: "one packet of a multi-packet body composition (not joined; not stored)"))
        }
        var quantities: [ReadingQuantity] = []
        let massUnit = value.unit == .si ? "kg" : "[lb_av]"
        if let fat = value.bodyFatPercentage {
            quantities.append(ReadingQuantity(name: "body_fat", mdcCode: mdcBodyFat, value: fat.doubleValue, unit: "%"))
        }
        if let weight = value.weightRaw {
            quantities.append(
                ReadingQuantity(name: "weight", mdcCode: mdcBodyWeight, value: value.unit.mass(raw: weight).doubleValue, unit: massUnit))
        }
        if let height = value.heightRaw {
            quantities.append(
                ReadingQuantity(
                    name: "height", mdcCode: mdcBodyHeight, value: value.unit.height(raw: height).doubleValue,
                    unit: value.unit == .si ? "m" : "[in_i]"))
        }
        return .success(
            ReadingDraft(
                kind: .bodyComposition, mdcType: mdcBodyFat, userID: value.userID, deviceTime: value.timestamp,
                invalidReason: value.measurementUnsuccessful ? "the scale reports the body composition unsuccessful" : nil,
                valuesJSON: json, quantities: quantities))
    }

    private static func temperature(_ value: TemperatureMeasurement, json: String) -> ReadingDraft {
        let finite = value.temperature.decimal
        let quantities = finite.map {
            [ReadingQuantity(
                name: "temperature", mdcCode: mdcBodyTemperature, value: $0.doubleValue,
                unit: value.unit == .celsius ? "Cel" : "[degF]")]
        } ?? []
        return ReadingDraft(
            kind: .temperature, mdcType: mdcBodyTemperature, deviceTime: value.timestamp,
            invalidReason: finite == nil ? "temperature is \(value.temperature)" : nil, valuesJSON: json,
            quantities: quantities)
    }

    /// Measurement Status bits that say the value is not a finished, valid measurement: ongoing (5),
    /// calibration ongoing (12), unavailable (13), questionable (14), invalid (15).
    static let spotCheckFailedMeasurement: UInt16 = 1 << 5 | 1 << 12 | 1 << 13 | 1 << 14 | 1 << 15
    /// Measurement Status bits of values that are not the patient's: demonstration (10), testing (11).
    static let spotCheckNotPatientData: UInt16 = 1 << 10 | 1 << 11
    /// Device and Sensor Status bits of a failed sensor: equipment malfunction (1), sensor unconnected
    /// (11), unknown sensor (12), displaced (13), malfunctioning (14), disconnected (15).
    static let spotCheckFailedSensor: UInt32 = 1 << 1 | 1 << 11 | 1 << 12 | 1 << 13 | 1 << 14 | 1 << 15

    private static func spotCheck(_ value: PLXSpotCheckMeasurement, json: String) -> Result<ReadingDraft, NotAReading> {
        let measurement = value.measurementStatus ?? 0
        if measurement & spotCheckNotPatientData != 0 {
            return .failure(NotAReading(reason: "pulse-oximeter demonstration or test data"))
        }
        var invalid: [String] = []
        if !value.spo2.isFinite { invalid.append("SpO2 is \(value.spo2)") }
        if measurement & spotCheckFailedMeasurement != 0 { invalid.append("measurement status flags a failed measurement") }
        if (value.deviceAndSensorStatus ?? 0) & spotCheckFailedSensor != 0 { invalid.append("sensor status flags a failure") }
        var quantities: [ReadingQuantity] = []
        if let spo2 = value.spo2.decimal {
            quantities.append(ReadingQuantity(name: "spo2", mdcCode: mdcSpO2, value: spo2.doubleValue, unit: "%"))
        }
        if let pulse = value.pulseRate.decimal {
            quantities.append(ReadingQuantity(name: "pulse", mdcCode: mdcOximeterPulse, value: pulse.doubleValue, unit: "/min"))
        }
        return .success(
            ReadingDraft(
                kind: .spo2, mdcType: mdcSpO2,
                // A clock the device says is not set gives no usable time: hub receive time instead.
                deviceTime: value.deviceClockNotSet ? nil : value.timestamp,
                invalidReason: invalid.isEmpty ? nil : invalid.joined(separator: ", "), valuesJSON: json,
                quantities: invalid.isEmpty ? quantities : []))
    }

    /// Sensor Status Annunciation bits 1–10 (malfunction, sample size, strip, result too high/low,
    /// temperature, read interrupted, device fault): no value to show. Bit 0 (battery low) and
    /// bit 11 (time fault) do not affect the value.
    static let glucoseFailedMeasurement: UInt16 = 0b0111_1111_1110

    private static func glucose(_ value: GlucoseMeasurement, json: String) -> Result<ReadingDraft, NotAReading> {
        let type = value.concentration?.type ?? 0
        if type == 10 || value.concentration?.sampleLocation == 4 {
            return .failure(NotAReading(reason: "glucose control-solution test"))
        }
        var invalid: [String] = []
        var quantities: [ReadingQuantity] = []
        if let concentration = value.concentration, let exact = concentration.value.decimal {
            // Exact rescaling: mol/L → mmol/L (×10³), kg/L → mg/dL (×10⁵).
            let molar = concentration.unit == .molePerLitre
            let scaled = ExactDecimal(significand: exact.significand, exponent: exact.exponent + (molar ? 3 : 5))
            quantities.append(
                ReadingQuantity(
                    name: "glucose", mdcCode: mdcGlucose(type: type), value: scaled.doubleValue,
                    unit: molar ? "mmol/L" : "mg/dL"))
        } else if let concentration = value.concentration {
            invalid.append("concentration is \(concentration.value)")
        } else {
            invalid.append("no concentration in the record")
        }
        if (value.sensorStatus ?? 0) & glucoseFailedMeasurement != 0 { invalid.append("sensor status flags a failed measurement") }
        return .success(
            ReadingDraft(
                kind: .glucose, mdcType: mdcGlucose(type: type),
                deviceTime: glucoseTime(value.baseTime, offsetMinutes: value.timeOffset),
                invalidReason: invalid.isEmpty ? nil : invalid.joined(separator: ", "), valuesJSON: json,
                quantities: invalid.isEmpty ? quantities : []))
    }

    /// The record's user-facing time: base time + time offset (Glucose Profile), as a wall clock.
    static func glucoseTime(_ base: DateTime, offsetMinutes: Int16?) -> DateTime? {
        guard let offsetMinutes, offsetMinutes != 0 else { return base }
        guard base.isDateKnown, let utc = TimeZone(identifier: "UTC") else { return base }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc  // wall-clock arithmetic: no DST in UTC
        let components = DateComponents(
            year: Int(base.year), month: Int(base.month), day: Int(base.day), hour: Int(base.hours),
            minute: Int(base.minutes), second: Int(base.seconds))
        guard let date = calendar.date(from: components),
            let shifted = calendar.date(byAdding: .minute, value: Int(offsetMinutes), to: date)
        else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: shifted)
        guard let year = parts.year, (1582...9999).contains(year), let month = parts.month, let day = parts.day,
            let hour = parts.hour, let minute = parts.minute, let second = parts.second
        else { return nil }
        return DateTime(
            year: UInt16(year), month: UInt8(month), day: UInt8(day), hours: UInt8(hour), minutes: UInt8(minute),
            seconds: UInt8(second))
    }
}
