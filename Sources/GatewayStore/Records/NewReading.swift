import Foundation

/// A decoded measurement bound to a patient, ready to be committed.
///
/// Typed columns hold what staff and triage query; everything else goes in `valuesJSON`.
/// The raw payload is always kept so a reading can be decoded again later.
public struct NewReading: Hashable, Sendable {
    /// BLE address of the device (`AA:BB:CC:DD:EE:FF`).
    public var deviceAddress: String
    /// User index reported by a multi-user device; nil when the device has none.
    public var userIndex: Int?
    public var patientID: String
    /// GATT characteristic, 16-bit UUID as hex (`2A35`; `0x2A35` is accepted).
    public var characteristic: String
    public var kind: ReadingKind

    public var systolic: Double?
    public var diastolic: Double?
    public var meanArterialPressure: Double?
    /// `mmHg` or `kPa`.
    public var pressureUnit: String?
    public var pulse: Double?
    public var weight: Double?
    /// `kg` or `lb`.
    public var weightUnit: String?
    public var bmi: Double?
    public var height: Double?
    /// `m` or `in`.
    public var heightUnit: String?
    /// Cuff measurement status bits (0x2A35 flags field), as sent.
    public var cuffStatus: Int?
    /// Other decoded values as a JSON object; must be deterministic for a given payload.
    public var valuesJSON: String
    /// The measured quantities of kinds without typed columns (table `reading_quantity`,
    /// migration `v2-more-kinds`); empty for blood pressure and weight.
    public var quantities: [ReadingQuantity] = []

    /// The characteristic value exactly as received.
    public var raw: [UInt8]
    /// The device's own timestamp: local wall clock `YYYY-MM-DDTHH:MM:SS`, nil when absent or unusable.
    public var deviceTime: String?
    /// When the hub received the indication (UTC).
    public var receivedAt: Date
    /// The measurement time on the hub's timeline (FHIR `effective[x]`).
    public var effectiveAt: Date
    /// The PHD-IG conditional-create identifier value (see ``PhdObservationIdentifier``).
    public var phdIdentifier: String
    /// Identifies the device connection the reading arrived in; used only when `deviceTime` is nil
    /// (see ``ReadingDedupeKey``).
    public var connectionID: String

    public init(
        deviceAddress: String, userIndex: Int? = nil, patientID: String, characteristic: String,
        kind: ReadingKind, systolic: Double? = nil, diastolic: Double? = nil,
        meanArterialPressure: Double? = nil, pressureUnit: String? = nil, pulse: Double? = nil,
        weight: Double? = nil, weightUnit: String? = nil, bmi: Double? = nil, height: Double? = nil,
        heightUnit: String? = nil, cuffStatus: Int? = nil, valuesJSON: String = "{}", raw: [UInt8],
        deviceTime: String?, receivedAt: Date, effectiveAt: Date, phdIdentifier: String,
        connectionID: String
    ) {
        self.deviceAddress = deviceAddress
        self.userIndex = userIndex
        self.patientID = patientID
        self.characteristic = characteristic
        self.kind = kind
        self.systolic = systolic
        self.diastolic = diastolic
        self.meanArterialPressure = meanArterialPressure
        self.pressureUnit = pressureUnit
        self.pulse = pulse
        self.weight = weight
        self.weightUnit = weightUnit
        self.bmi = bmi
        self.height = height
        self.heightUnit = heightUnit
        self.cuffStatus = cuffStatus
        self.valuesJSON = valuesJSON
        self.raw = raw
        self.deviceTime = deviceTime
        self.receivedAt = receivedAt
        self.effectiveAt = effectiveAt
        self.phdIdentifier = phdIdentifier
        self.connectionID = connectionID
    }
}
