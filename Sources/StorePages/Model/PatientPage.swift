import Foundation
import Triage

/// A patient's page for staff and the home-care team: trends with the patient's thresholds drawn,
/// recent messages and the devices.
public struct PatientPage: Sendable {
    public var patient: PatientRef
    /// Days shown in the trends, ending at the page's `now`; clamped to 14…30.
    public var days: Int
    public var weights: [WeightPoint]
    public var bloodPressure: [BloodPressurePoint]
    /// Pulse from the cuff (usually the same sessions as `bloodPressure`).
    public var pulse: [PulsePoint]
    /// The patient's effective thresholds (defaults with their individual values applied).
    public var thresholds: Parameters
    /// Newest first.
    public var messages: [PatientMessage]
    public var devices: [DeviceStatus]

    public init(
        patient: PatientRef, days: Int = 14, weights: [WeightPoint], bloodPressure: [BloodPressurePoint],
        pulse: [PulsePoint], thresholds: Parameters, messages: [PatientMessage], devices: [DeviceStatus]
    ) {
        self.patient = patient
        self.days = min(max(days, 14), 30)
        self.weights = weights
        self.bloodPressure = bloodPressure
        self.pulse = pulse
        self.thresholds = thresholds
        self.messages = messages.sorted { $0.sentAt > $1.sentAt }
        self.devices = devices
    }
}

/// A (morning) weight.
public struct WeightPoint: Sendable, Hashable {
    public var time: Date
    public var kg: Double
    public init(time: Date, kg: Double) {
        self.time = time
        self.kg = kg
    }
}

/// A blood-pressure session mean (or single reading).
public struct BloodPressurePoint: Sendable, Hashable {
    public var time: Date
    public var systolic: Double
    public var diastolic: Double
    public init(time: Date, systolic: Double, diastolic: Double) {
        self.time = time
        self.systolic = systolic
        self.diastolic = diastolic
    }
}

/// A pulse rate.
public struct PulsePoint: Sendable, Hashable {
    public var time: Date
    public var bpm: Double
    public init(time: Date, bpm: Double) {
        self.time = time
        self.bpm = bpm
    }
}

/// A message on the patient page: from the clinic, or the patient's contact request.
public struct PatientMessage: Sendable, Hashable {
    public enum Direction: Sendable, Hashable {
        /// From the clinic to this patient, a group or everyone; `author` is the staff member.
        case fromClinic(author: String, audience: MessageAudience)
        /// The patient's "please call me".
        case contactRequest
    }

    public var sentAt: Date
    public var direction: Direction
    /// The text (empty for a contact request).
    public var text: String

    public init(sentAt: Date, direction: Direction, text: String) {
        self.sentAt = sentAt
        self.direction = direction
        self.text = text
    }
}

/// A device of the patient's hub and what its heartbeat said.
public struct DeviceStatus: Sendable, Hashable {
    public var id: String
    /// Model or name ("A&D UA-651BLE").
    public var name: String
    public var lastContact: Date?
    /// Battery level in percent, when the device reports it.
    public var batteryPercent: Int?
    /// Device clock minus true time, seconds.
    public var clockOffsetSeconds: Double?

    public init(id: String, name: String, lastContact: Date?, batteryPercent: Int? = nil, clockOffsetSeconds: Double? = nil) {
        self.id = id
        self.name = name
        self.lastContact = lastContact
        self.batteryPercent = batteryPercent
        self.clockOffsetSeconds = clockOffsetSeconds
    }
}
