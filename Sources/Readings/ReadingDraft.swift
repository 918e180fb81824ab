import DeviceSessions
import FHIR
import Foundation
import GatewayStore
import HealthProfiles

/// A decoded measurement that is a reading CareHub keeps (blood pressure, weight, and the v2 kinds of
/// ReadingDraft+MoreKinds.swift), before it is bound to a patient. Values are in the device's unit;
/// non-finite SFLOAT values (NaN, NRes, ±INF, reserved) and "measurement unsuccessful" weights are nil.
package struct ReadingDraft: Sendable {
    package var kind: ReadingKind
    /// MDC code of the Observation (PHD identifier): 150020 blood pressure, 188736 body weight.
    var mdcType: Int
    var userID: UInt8?
    package var deviceTime: DateTime?
    var systolic: Double?
    var diastolic: Double?
    var meanArterialPressure: Double?
    var pressureUnit: String?
    var pulse: Double?
    var cuffStatus: Int?
    var weight: Double?
    var weightUnit: String?
    var bmi: Double?
    var height: Double?
    var heightUnit: String?
    /// Why the value cannot be judged (a special SFLOAT, "unsuccessful"); nil when it can.
    package var invalidReason: String?
    /// Decoded fields as JSON (HealthProfiles' canonical rendering, deterministic).
    var valuesJSON: String
    /// The values of the v2 kinds (see ReadingDraft+MoreKinds.swift); empty for BP and weight.
    var quantities: [ReadingQuantity] = []

    /// MDC_PRESS_BLD_NONINV (compound blood pressure).
    static let mdcBloodPressure = 150020
    /// MDC_MASS_BODY_ACTUAL (body weight).
    static let mdcBodyWeight = 188736

    /// The draft of a measurement, or why the measurement is not a reading to keep.
    package static func make(_ measurement: HealthProfiles.Measurement) -> Result<ReadingDraft, NotAReading> {
        switch measurement {
        case .bloodPressure(let bp):
            return .success(bloodPressure(bp, json: measurement.jsonString))
        case .weight(let weight):
            return .success(weightDraft(weight, json: measurement.jsonString))
        case .intermediateCuffPressure:
            return .failure(NotAReading(reason: "intermediate cuff pressure (live value)"))
        default:
            if let draft = moreKinds(measurement) { return draft }
            return .failure(NotAReading(reason: "\(measurement.typeName) is not a reading CareHub keeps"))
        }
    }

    private static func bloodPressure(_ bp: BloodPressureMeasurement, json: String) -> ReadingDraft {
        let systolic = finite(bp.systolic)
        let diastolic = finite(bp.diastolic)
        var invalid: [String] = []
        if systolic == nil { invalid.append("systolic is \(bp.systolic)") }
        if diastolic == nil { invalid.append("diastolic is \(bp.diastolic)") }
        return ReadingDraft(
            kind: .bloodPressure, mdcType: mdcBloodPressure, userID: bp.userID, deviceTime: bp.timestamp,
            systolic: systolic, diastolic: diastolic, meanArterialPressure: finite(bp.meanArterialPressure),
            pressureUnit: bp.unit.symbol, pulse: bp.pulseRate.flatMap(finite),
            cuffStatus: bp.status.map { Int($0.rawValue) },
            invalidReason: invalid.isEmpty ? nil : invalid.joined(separator: ", "), valuesJSON: json)
    }

    private static func weightDraft(_ weight: WeightMeasurement, json: String) -> ReadingDraft {
        ReadingDraft(
            kind: .weight, mdcType: mdcBodyWeight, userID: weight.userID, deviceTime: weight.timestamp,
            weight: weight.weight?.doubleValue, weightUnit: weight.unit.massSymbol,
            bmi: weight.bmiAndHeight?.bmi.doubleValue, height: weight.height?.doubleValue,
            heightUnit: weight.bmiAndHeight == nil ? nil : weight.unit.heightSymbol,
            invalidReason: weight.measurementUnsuccessful ? "the scale reports the measurement unsuccessful" : nil,
            valuesJSON: json)
    }

    private static func finite(_ value: MedFloat16) -> Double? {
        value.isFinite ? value.doubleValue : nil
    }

    /// The user index to bind with: the payload's user id, except 0xFF ("unknown user").
    package var userIndex: Int? {
        guard let userID, userID != 0xFF else { return nil }
        return Int(userID)
    }

    /// The store's row for this draft, bound to a patient.
    package func newReading(
        event: MeasurementEvent, patientID: String, userIndex: Int?, time: EffectiveTime
    ) -> NewReading {
        let timestamp: PhdObservationIdentifier.Timestamp =
            time.deviceClock.map { .device(secondsSince2000: $0.secondsSince2000) } ?? .hubReceipt(event.receivedAt)
        let identifier =
            PhdObservationIdentifier.value(
                deviceIdentifier: event.deviceAddress, patientID: patientID, mdcType: mdcType, timestamp: timestamp)
            // Only reachable with an address that is not 12 hex digits; still unique and stable.
            ?? "\(event.deviceAddress)-\(patientID)-\(mdcType)-\(time.deviceClock?.description ?? "r\(event.receivedAt.timeIntervalSince1970)")"
        var reading = NewReading(
            deviceAddress: event.deviceAddress.uppercased(), userIndex: userIndex, patientID: patientID,
            characteristic: event.characteristic.uuidString, kind: kind, systolic: systolic, diastolic: diastolic,
            meanArterialPressure: meanArterialPressure, pressureUnit: pressureUnit, pulse: pulse, weight: weight,
            weightUnit: weightUnit, bmi: bmi, height: height, heightUnit: heightUnit, cuffStatus: cuffStatus,
            valuesJSON: valuesJSON, raw: event.payload, deviceTime: time.deviceClock?.description,
            receivedAt: event.receivedAt, effectiveAt: time.effective, phdIdentifier: identifier,
            connectionID: String(event.connectionID))
        reading.quantities = quantities
        return reading
    }
}

/// A decoded value that is not a reading (live cuff pressure, a feature, a battery level).
package struct NotAReading: Error {
    package var reason: String
}
