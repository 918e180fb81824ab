import Foundation

/// The HL7 PHD IG conditional-create identifier of an Observation (STU2 construction).
///
/// `device-patient-type-timestamp[-supplemental…]` (see `reference/fhir-phd.md` §6):
/// - device: the PHD's identifier as upper-case hex without separators (12 digits for a BLE address,
///   16 for an EUI-64 System ID);
/// - patient: the logical patient id the clinic gave the hub;
/// - type: the Observation's MDC code in decimal (150020 blood pressure, 188736 body weight, …);
/// - timestamp: the PHD's own timestamp as seconds since 2000-01-01T00:00:00 on its clock, at its
///   resolution (BLE Date Time: whole seconds). We follow the STU2 text, not its DTM-style example.
///   BLE Date Time has no zone, so no offset is appended.
///
/// Our store-and-forward addition: when the PHD sent no usable timestamp the hub receive time is
/// used instead (UTC seconds since 2000 with milliseconds, prefixed `r`), so retries of live readings
/// are idempotent too. The identifier is computed once, when the reading is decoded, and stored.
public enum PhdObservationIdentifier {
    /// `Observation.identifier.system` used for this identifier.
    public static let system = "http://hl7.org/fhir/uv/phd/StructureDefinition/PhdBaseObservation"

    /// Where the timestamp part comes from.
    public enum Timestamp: Hashable, Sendable {
        /// The PHD's own wall-clock timestamp as seconds since 2000-01-01T00:00:00 on that clock
        /// (GatewayStore's `DeviceWallClock.secondsSince2000`).
        case device(secondsSince2000: Int)
        /// No usable PHD timestamp: the hub's receive time.
        case hubReceipt(Date)
    }

    /// The identifier value; nil when `deviceIdentifier` is not 12 or 16 hex digits (separators
    /// `:` and `-` allowed), the patient id is empty or the MDC code is not positive.
    public static func value(
        deviceIdentifier: String, patientID: String, mdcType: Int, timestamp: Timestamp,
        supplementalTypes: [Int] = []
    ) -> String? {
        let device = deviceIdentifier.filter { $0 != ":" && $0 != "-" }.uppercased()
        guard device.count == 12 || device.count == 16, device.allSatisfy(\.isHexDigit),
              !patientID.isEmpty, mdcType > 0
        else { return nil }
        var parts = [device, patientID, String(mdcType), timestampPart(timestamp)]
        parts += supplementalTypes.map(String.init)
        return parts.joined(separator: "-")
    }

    static func timestampPart(_ timestamp: Timestamp) -> String {
        switch timestamp {
        case .device(let secondsSince2000):
            return String(secondsSince2000)
        case .hubReceipt(let date):
            // 2000-01-01T00:00:00Z is 946_684_800 s after the Unix epoch.
            let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) - 946_684_800_000
            let seconds = millis >= 0 ? millis / 1000 : -((-millis + 999) / 1000)
            let fraction = millis - seconds * 1000
            let digits = String(fraction)
            return "r\(seconds).\(String(repeating: "0", count: 3 - digits.count))\(digits)"
        }
    }
}
