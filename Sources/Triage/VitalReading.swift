import Foundation

/// One measurement as triage sees it; the gateway maps decoded BLE measurements into this.
public struct VitalReading: Sendable, Hashable, Codable {
    /// Identifier chosen by the gateway/store; only used to tell readings apart.
    public var id: String
    /// Effective time of the measurement, chosen by the gateway (device time or receive time).
    public var time: Date
    /// What was measured.
    public var kind: Kind
    /// Symptoms the patient reported with this reading; empty when the hub has no symptom prompt.
    public var symptoms: Symptoms

    /// Creates a reading.
    public init(id: String, time: Date, kind: Kind, symptoms: Symptoms = []) {
        self.id = id
        self.time = time
        self.kind = kind
        self.symptoms = symptoms
    }

    /// The measured quantity.
    public enum Kind: Sendable, Hashable, Codable {
        /// A cuff measurement.
        case bloodPressure(BloodPressure)
        /// A scale measurement in kilograms.
        case weight(kg: Double)
    }
}

/// A blood-pressure cuff measurement in mmHg, with the cuff's status flags.
public struct BloodPressure: Sendable, Hashable, Codable {
    /// Systolic pressure, mmHg.
    public var systolic: Double
    /// Diastolic pressure, mmHg.
    public var diastolic: Double
    /// Mean arterial pressure, mmHg, when the cuff reports it.
    public var meanArterial: Double?
    /// Pulse rate, beats per minute, when the cuff reports it.
    public var pulse: Double?
    /// The cuff's measurement status flags.
    public var status: CuffStatus

    /// Creates a cuff measurement.
    public init(
        systolic: Double, diastolic: Double, meanArterial: Double? = nil, pulse: Double? = nil,
        status: CuffStatus = CuffStatus()
    ) {
        self.systolic = systolic
        self.diastolic = diastolic
        self.meanArterial = meanArterial
        self.pulse = pulse
        self.status = status
    }
}

/// Measurement status flags of the Blood Pressure Profile / IEEE 11073-10407.
public struct CuffStatus: Sendable, Hashable, Codable {
    /// Body movement was detected during the measurement.
    public var bodyMovement: Bool
    /// The cuff was too loose.
    public var cuffTooLoose: Bool
    /// An irregular pulse was detected.
    public var irregularPulse: Bool
    /// The pulse rate relative to the device's detection range.
    public var pulseRateRange: PulseRateRange
    /// The measurement position was improper.
    public var improperPosition: Bool

    /// Creates a status; the default is a clean measurement.
    public init(
        bodyMovement: Bool = false, cuffTooLoose: Bool = false, irregularPulse: Bool = false,
        pulseRateRange: PulseRateRange = .within, improperPosition: Bool = false
    ) {
        self.bodyMovement = bodyMovement
        self.cuffTooLoose = cuffTooLoose
        self.irregularPulse = irregularPulse
        self.pulseRateRange = pulseRateRange
        self.improperPosition = improperPosition
    }

    /// True when a flag says the measurement itself failed (rule Q1).
    public var isFailedMeasurement: Bool {
        bodyMovement || cuffTooLoose || improperPosition
    }
}

/// Pulse rate range detection flag of the cuff.
public enum PulseRateRange: String, Sendable, Hashable, Codable {
    case within
    case above
    case below
}

/// Symptoms reported on the hub's yes/no prompt (BEAT-HF style questions).
public struct Symptoms: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: Int
    /// Creates a set from its raw bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// More short of breath than usual (or woke up breathless, slept propped up).
    public static let breathlessness = Symptoms(rawValue: 1 << 0)
    /// More swelling of legs or abdomen.
    public static let swelling = Symptoms(rawValue: 1 << 1)
    /// Dizziness, light-headedness or fainting.
    public static let dizziness = Symptoms(rawValue: 1 << 2)

    /// Congestion symptoms that gate the weight red rules (W1–W3).
    public static let congestion: Symptoms = [.breathlessness, .swelling]
}

/// Earlier readings of the same patient; the store supplies at least the last 14 days.
public struct PatientHistory: Sendable, Hashable, Codable {
    /// Readings in any order; a reading with the assessed reading's id is ignored.
    public var readings: [VitalReading]

    /// Creates a history.
    public init(readings: [VitalReading] = []) {
        self.readings = readings
    }
}
