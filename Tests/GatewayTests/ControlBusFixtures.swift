import Foundation
@testable import ControlAPI

/// The canned values the control API tests send across the bus: every field set, every optional
/// absent, several assignments (with and without a user slot), and times with milliseconds.
enum ControlBusFixtures {
    static let pairedAt = Date(timeIntervalSince1970: 1_795_000_000.123)
    static let assignedAt = Date(timeIntervalSince1970: 1_795_000_100.007)
    static let lastReading = Date(timeIntervalSince1970: 1_795_400_000.999)

    static let fullStatus = ControlStatus(
        version: "0.9.0", bluezRunning: true, adapter: "hci0", pairedDevices: 3, assignedDevices: 2, outboxPending: 17,
        lastReadingAt: lastReading)
    static let emptyStatus = ControlStatus(
        version: "0.9.0", bluezRunning: false, adapter: nil, pairedDevices: 0, assignedDevices: 0, outboxPending: 0,
        lastReadingAt: nil)

    /// A multi-user scale with two slots assigned, every optional field known.
    static let fullDevice = ControlDevice(
        address: "AA:BB:CC:DD:EE:02", kind: "scale", model: "BC-800", manufacturer: "ACME Health", serial: "SN-0042",
        firmware: "2.1.7", pairedAt: pairedAt, pairedBy: "root",
        assignments: [
            ControlAssignment(patient: "patient-1", userIndex: 1, assignedAt: assignedAt, assignedBy: "tech"),
            ControlAssignment(patient: "patient-1", userIndex: 0, assignedAt: pairedAt, assignedBy: "uid 1234"),
        ],
        state: "receiving", battery: 87, lastReadingAt: lastReading)
    /// A cuff assigned as a whole (no user slot).
    static let singleUserDevice = ControlDevice(
        address: "AA:BB:CC:DD:EE:01", kind: "cuff", model: "UA-651", pairedAt: pairedAt, pairedBy: "tech",
        assignments: [ControlAssignment(patient: "patient-1", userIndex: nil, assignedAt: assignedAt, assignedBy: "tech")],
        state: "bond lost", battery: 0)
    /// Paired, never seen, nothing optional known, not assigned.
    static let bareDevice = ControlDevice(address: "AA:BB:CC:DD:EE:03", kind: "other", pairedAt: lastReading, pairedBy: "root")

    static let devices = [fullDevice, singleUserDevice, bareDevice]

    static let readings = [
        TestReading(address: "AA:BB:CC:DD:EE:01", characteristic: "2A35",
                    measurementJSON: #"{"systolic":{"value":128,"unit":"mmHg"},"note":"ü \"quoted\""}"#, outcome: .stored,
                    colour: "green", text: "Your blood pressure is in your usual range.", receivedAt: lastReading),
        TestReading(address: "AA:BB:CC:DD:EE:01", characteristic: "2A35", measurementJSON: "{}", outcome: .duplicate,
                    receivedAt: pairedAt),
        TestReading(address: "AA:BB:CC:DD:EE:02", characteristic: "2A9D", measurementJSON: #"{"weight":81.4}"#,
                    outcome: .notStored(reason: "The scale is not assigned to a patient."), colour: "grey", receivedAt: assignedAt),
        TestReading(address: "AA:BB:CC:DD:EE:02", characteristic: "2A9D", measurementJSON: #"{"weight":81.4}"#,
                    outcome: .rejected(reason: "User 3 of this scale is not assigned."), text: "Not stored.", receivedAt: assignedAt),
    ]

    /// One of each `ControlError` case.
    static let errors: [ControlError] = [
        .notPaired(address: "AA:BB:CC:DD:EE:09"), .invalidArgument("The patient identifier is empty."),
        .pairingFailed("The cuff did not answer. Hold its button until the light blinks, then try again."),
        .busy("Another pairing is running."), .timedOut("No reading within 30 s."), .storeFailed("disk I/O error"),
        .bluetoothUnavailable("no adapter"), .accessDenied("you are not in carehub-admin"),
        .daemonUnavailable("it is restarting"), .other("Something else: with a colon."),
    ]
}
