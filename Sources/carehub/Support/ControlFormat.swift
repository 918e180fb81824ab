import ControlAPI
import Foundation
import HealthProfiles

/// How the control API's answers are shown: tables and sentences for people, JSON (the keys of
/// docs/CONTROL-API.md) for scripts.
enum ControlFormat {
    // MARK: devices

    static let deviceHeader = ["ADDRESS", "KIND", "MODEL", "PATIENT/USER", "STATE", "BATTERY", "LAST READING"]

    /// The `carehub devices` table: a header and one row per device, columns aligned.
    static func deviceTable(_ devices: [ControlDevice]) -> [String] {
        let rows = devices.map { device in
            [
                device.address, device.kind, device.model ?? "—", assignments(device.assignments),
                device.state ?? "—", device.battery.map { "\($0) %" } ?? "—",
                device.lastReadingAt.map(localTime) ?? "never",
            ]
        }
        return aligned([deviceHeader] + rows)
    }

    /// "P-1001", "P-1001 (user 2), P-1002 (user 3)", or "not assigned".
    static func assignments(_ assignments: [ControlAssignment]) -> String {
        guard !assignments.isEmpty else { return "not assigned" }
        return assignments.map { a in a.userIndex.map { "\(a.patient) (user \($0))" } ?? a.patient }.joined(separator: ", ")
    }

    /// "cuff BP7000-SIM, OMRON HEALTHCARE".
    static func describe(_ device: ControlDevice) -> String {
        var text = device.kind
        if let model = device.model { text += " " + model }
        if let manufacturer = device.manufacturer { text += ", " + manufacturer }
        return text
    }

    static func json(_ device: ControlDevice) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("address", .string(device.address))
        object.add("kind", .string(device.kind))
        object.add("model", device.model.map(JSONValue.string))
        object.add("manufacturer", device.manufacturer.map(JSONValue.string))
        object.add("serial", device.serial.map(JSONValue.string))
        object.add("firmware", device.firmware.map(JSONValue.string))
        object.add("paired_at", .string(isoTime(device.pairedAt)))
        object.add("paired_by", .string(device.pairedBy))
        object.add("assignments", .array(device.assignments.map { a in
            var assignment = JSONObjectBuilder()
            assignment.add("patient", .string(a.patient))
            assignment.add("user_index", a.userIndex.map { JSONValue.number($0) })
            assignment.add("assigned_at", .string(isoTime(a.assignedAt)))
            assignment.add("assigned_by", .string(a.assignedBy))
            return assignment.value
        }))
        object.add("state", device.state.map(JSONValue.string))
        object.add("battery", device.battery.map { JSONValue.number($0) })
        object.add("last_reading_at", device.lastReadingAt.map { JSONValue.string(isoTime($0)) })
        return object.value
    }

    // MARK: status

    static func statusLines(_ status: ControlStatus, mode: ControlMode) -> [String] {
        [
            "CareHub \(status.version)",
            "Daemon:        " + (mode == .daemon ? "carehubd is running (org.carehub.Gateway)" : "not running (direct mode)"),
            "Bluetooth:     " + (status.bluezRunning ? "bluetoothd is running" : "bluetoothd is NOT running (run `carehub doctor`)"),
            "Adapter:       " + (status.adapter ?? "none (run `carehub doctor`)"),
            "Devices:       \(status.pairedDevices) paired, \(status.assignedDevices) assigned",
            "Last reading:  " + (status.lastReadingAt.map(localTime) ?? "none yet"),
        ] + forwardingLines(status)
    }

    /// The clinic link: whether anything is sent, the backlog and its age, the last delivery and error.
    static func forwardingLines(_ status: ControlStatus) -> [String] {
        let waiting = "\(status.outboxPending) reading\(status.outboxPending == 1 ? "" : "s")"
        guard let forwarding = status.forwarding else { return ["Outbox:        \(waiting) waiting to be forwarded"] }
        guard forwarding.configured else {
            return ["Clinic:        not linked: carehubd has no [forwarding] section, nothing is sent (\(waiting) kept on the hub)"]
        }
        var lines = ["Outbox:        \(waiting) waiting to be forwarded"
            + (forwarding.oldestUndeliveredAt.map { ", the oldest from \(localTime($0))" } ?? "")]
        lines.append("Last delivery: " + (forwarding.lastSuccessAt.map(localTime) ?? "none yet"))
        if let error = forwarding.lastError {
            lines.append("Last error:    \(error)" + (forwarding.lastErrorAt.map { " (\(localTime($0)))" } ?? ""))
        }
        if forwarding.deadLetters > 0 {
            lines.append("Refused:       \(forwarding.deadLetters) reading\(forwarding.deadLetters == 1 ? "" : "s") refused by the clinic's store (see carehubd's log)")
        }
        return lines
    }

    static func json(_ status: ControlStatus, mode: ControlMode) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("version", .string(status.version))
        object.add("mode", .string(mode == .daemon ? "daemon" : "direct"))
        object.add("bluez_running", .bool(status.bluezRunning))
        object.add("adapter", status.adapter.map(JSONValue.string))
        object.add("paired_devices", .number(status.pairedDevices))
        object.add("assigned_devices", .number(status.assignedDevices))
        object.add("outbox_pending", .number(status.outboxPending))
        object.add("last_reading_at", status.lastReadingAt.map { JSONValue.string(isoTime($0)) })
        if let forwarding = status.forwarding {
            object.add("forwarding", .bool(forwarding.configured))
            object.add("oldest_undelivered_at", forwarding.oldestUndeliveredAt.map { JSONValue.string(isoTime($0)) })
            object.add("last_delivery_at", forwarding.lastSuccessAt.map { JSONValue.string(isoTime($0)) })
            object.add("last_forwarding_error", forwarding.lastError.map(JSONValue.string))
            object.add("dead_letters", .number(forwarding.deadLetters))
        }
        return object.value
    }

    // MARK: test reading

    /// What `carehub test` prints for a reading; colour only when the terminal wants it.
    static func readingLines(_ reading: TestReading, terminal: Terminal) -> [String] {
        let kind = MeasurementText.title(json: reading.measurementJSON) ?? "Characteristic 0x\(reading.characteristic)"
        var lines = ["\(kind): " + (MeasurementText.summary(json: reading.measurementJSON) ?? reading.measurementJSON)]
        if let timestamp = MeasurementText.timestamp(json: reading.measurementJSON) {
            lines.append("Device clock: \(timestamp.replacingOccurrences(of: "T", with: " "))")
        }
        if let colour = reading.colour {
            lines.append("Assessment: \(terminal.colourWord(colour))" + (reading.text.map { " — \($0)" } ?? ""))
        } else if let text = reading.text {
            lines.append("Assessment: \(text)")
        }
        lines.append(outcome(reading.outcome))
        return lines
    }

    static func outcome(_ outcome: TestReading.Outcome) -> String {
        switch outcome {
        case .stored: "Stored for the patient; it will be forwarded to the clinic."
        case .duplicate: "Already stored earlier (the device sent it again)."
        case let .notStored(reason): sentence(reason)
        case let .rejected(reason): "Refused by the hub: \(reason)."
        }
    }

    // MARK: helpers

    /// "the daemon is not running" → "The daemon is not running."
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let body = first.uppercased() + text.dropFirst()
        return body.hasSuffix(".") ? body : body + "."
    }

    /// Columns padded to the widest cell, two spaces apart.
    static func aligned(_ rows: [[String]]) -> [String] {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: max(0, widths[column] - cell.count))
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }

    /// "2026-11-23 08:12" in the hub's local time zone.
    static func localTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// "2026-11-23T07:12:00.000Z", as the control API writes times.
    static func isoTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
