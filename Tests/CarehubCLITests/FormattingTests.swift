@testable import carehub
import BlueZ
import DBus
import Foundation
import ControlAPI
import Testing

/// What the technician reads: measurements in words, the device table, JSON for scripts, the scan table.
struct FormattingTests {
    // The JSON is what `carehub decode` prints for fixtures in fixtures/payloads (sim-bp-1, sim-weight-1)
    // and for spec examples of the other types.
    static let measurements: [(String, String, String)] = [
        ("{\"characteristic\":\"2A35\",\"type\":\"blood_pressure\",\"unit\":\"mmHg\",\"systolic\":128,\"diastolic\":82,"
            + "\"mean_arterial_pressure\":97,\"pulse_rate\":71}", "Blood pressure", "128/82 mmHg, pulse 71 bpm, mean 97 mmHg"),
        ("{\"characteristic\":\"2A9D\",\"type\":\"weight\",\"unit\":\"kg\",\"weight\":72.4,\"measurement_unsuccessful\":false}",
            "Weight", "72.4 kg"),
        ("{\"characteristic\":\"2A9D\",\"type\":\"weight\",\"unit\":\"lb\",\"measurement_unsuccessful\":true}",
            "Weight", "the scale reports the measurement failed"),
        ("{\"characteristic\":\"2A35\",\"type\":\"blood_pressure\",\"unit\":\"kPa\",\"systolic\":18.9,\"diastolic\":\"NRes\"}",
            "Blood pressure", "18.9/NRes kPa"),
        ("{\"characteristic\":\"2A9D\",\"type\":\"weight\",\"unit\":\"kg\",\"weight\":80.25,\"user_id\":2,\"bmi\":24.5}",
            "Weight", "80.25 kg, BMI 24.5, user 2"),
        ("{\"characteristic\":\"2A1C\",\"type\":\"temperature\",\"unit\":\"Cel\",\"temperature\":36.6}", "Temperature", "36.6 °C"),
    ]

    @Test(arguments: measurements)
    func measurementsInWords(json: String, title: String, summary: String) {
        #expect(MeasurementText.title(json: json) == title)
        #expect(MeasurementText.summary(json: json) == summary)
    }

    @Test func notJSONIsNoSummary() {
        #expect(MeasurementText.summary(json: "not json") == nil)
    }

    static let pairedAt = Date(timeIntervalSince1970: 1_795_000_000)

    static let cuff = ControlDevice(
        address: "AA:BB:CC:DD:EE:01", kind: "cuff", model: "BP7000-SIM", manufacturer: "OMRON HEALTHCARE",
        pairedAt: pairedAt, pairedBy: "tech",
        assignments: [ControlAssignment(patient: "P-1001", userIndex: nil, assignedAt: pairedAt, assignedBy: "tech")],
        state: "receiving", battery: 87)
    static let scale = ControlDevice(
        address: "AA:BB:CC:DD:EE:02", kind: "scale", pairedAt: pairedAt, pairedBy: "tech",
        assignments: [
            ControlAssignment(patient: "P-1001", userIndex: 1, assignedAt: pairedAt, assignedBy: "tech"),
            ControlAssignment(patient: "P-1002", userIndex: 2, assignedAt: pairedAt, assignedBy: "tech"),
        ])

    @Test func deviceTableAlignsColumns() {
        let lines = ControlFormat.deviceTable([Self.cuff, Self.scale])
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ADDRESS            KIND   MODEL       PATIENT/USER"))
        #expect(lines[1].contains("P-1001  "))
        #expect(lines[1].contains("87 %"))
        #expect(lines[1].hasSuffix("never"))
        #expect(lines[2].contains("P-1001 (user 1), P-1002 (user 2)"))
        // Every column starts at the same offset in every row.
        let stateColumn = lines[0].range(of: "STATE").map { lines[0].distance(from: lines[0].startIndex, to: $0.lowerBound) }
        let receiving = lines[1].range(of: "receiving").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }
        #expect(stateColumn == receiving)
    }

    @Test func deviceJSONUsesTheControlAPIKeysAndLeavesUnknownsOut() throws {
        let text = ControlFormat.json(Self.scale).rendered()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["address"] as? String == "AA:BB:CC:DD:EE:02")
        #expect(object["model"] == nil)
        #expect(object["battery"] == nil)
        #expect(object["paired_at"] as? String == "2026-11-18T11:06:40.000Z")
        let assignments = try #require(object["assignments"] as? [[String: Any]])
        #expect(assignments.map { $0["user_index"] as? Int } == [1, 2])
    }

    @Test func readingLinesSayTheOutcomeAndAssessmentWithoutColourOffATerminal() {
        let reading = TestReading(
            address: "AA:BB:CC:DD:EE:01", characteristic: "2A35",
            measurementJSON: "{\"characteristic\":\"2A35\",\"type\":\"blood_pressure\",\"unit\":\"mmHg\",\"systolic\":128,"
                + "\"diastolic\":82,\"timestamp\":\"2026-11-23T07:12:00\"}",
            outcome: .stored, colour: "green", text: "The value looks good.", receivedAt: Self.pairedAt)
        let lines = ControlFormat.readingLines(reading, terminal: .plain)
        #expect(lines == [
            "Blood pressure: 128/82 mmHg", "Device clock: 2026-11-23 07:12:00", "Assessment: green — The value looks good.",
            "Stored for the patient; it will be forwarded to the clinic.",
        ])
        let coloured = ControlFormat.readingLines(reading, terminal: Terminal(isInteractive: true, colour: true, width: 80))
        #expect(coloured[2].contains("\u{1B}[32mgreen\u{1B}[0m"))
    }

    static func device(_ address: String, rssi: Int16?, uuids: [String], paired: Bool = false) -> Device? {
        let path = ObjectPath(stringLiteral: "/org/bluez/hci0/dev_" + address.replacingOccurrences(of: ":", with: "_"))
        var properties: [String: DBusValue] = [
            "Address": .string(address), "Adapter": .objectPath("/org/bluez/hci0"), "Paired": .boolean(paired),
            "UUIDs": .strings(uuids),
        ]
        if let rssi { properties["RSSI"] = .int16(rssi) }
        return Device(path: path, properties: properties)
    }

    @Test func scanTableSortsByRSSIAndNamesServices() throws {
        var table = ScanTable(assigned: ["AA:BB:CC:DD:EE:02"])
        let scale = try #require(Self.device("AA:BB:CC:DD:EE:02", rssi: -66, uuids: ["181D", "180F"], paired: true))
        let cuff = try #require(Self.device("AA:BB:CC:DD:EE:01", rssi: -58, uuids: ["1810"]))
        let phone = try #require(Self.device("11:22:33:44:55:66", rssi: -40, uuids: ["180F"]))
        let first = table.update(scale)
        let second = table.update(cuff)
        let again = table.update(cuff)
        #expect(first != nil, "new device")
        #expect(second != nil)
        #expect(again == nil, "seen before")
        _ = table.update(phone)
        #expect(table.sorted.map(\.address) == ["11:22:33:44:55:66", "AA:BB:CC:DD:EE:01", "AA:BB:CC:DD:EE:02"])
        let lines = table.tableLines()
        #expect(lines[0].hasPrefix("ADDRESS"))
        #expect(lines[1].contains("Battery"))
        #expect(lines[2].contains("Blood pressure") && lines[2].contains("-58 dBm") && lines[2].contains(" no "))
        #expect(lines[3].contains("Weight scale") && lines[3].contains("paired") && lines[3].contains("assigned"))
        // Unknown assignments show as "?".
        var unknown = ScanTable(assigned: nil)
        let added = unknown.update(cuff)
        let row = try #require(added)
        #expect(ScanTable.line(row).hasSuffix("  ?"), "no name, assignment unknown")
    }
}

@Suite("carehub status: the clinic link")
struct ForwardingStatusFormattingTests {
    static func status(_ forwarding: ControlForwarding?) -> ControlStatus {
        ControlStatus(
            version: "0", bluezRunning: true, adapter: "hci0", pairedDevices: 1, assignedDevices: 1, outboxPending: 3,
            lastReadingAt: nil, forwarding: forwarding)
    }

    @Test("without [forwarding] it says plainly that nothing is sent")
    func notLinked() {
        let lines = ControlFormat.statusLines(
            Self.status(ControlForwarding(configured: false, oldestUndeliveredAt: nil, lastSuccessAt: nil, lastError: nil,
                                          lastErrorAt: nil, deadLetters: 0)), mode: .daemon)
        #expect(lines.contains { $0.hasPrefix("Clinic:") && $0.contains("nothing is sent") && $0.contains("3 readings kept") })
        #expect(!lines.contains { $0.contains("waiting to be forwarded") })
    }

    @Test("with forwarding: the backlog and its age, the last delivery, the last error and refused readings")
    func linked() throws {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let lines = ControlFormat.statusLines(
            Self.status(ControlForwarding(configured: true, oldestUndeliveredAt: at, lastSuccessAt: nil, lastError: "HTTP 503",
                                          lastErrorAt: at, deadLetters: 1)), mode: .daemon)
        #expect(lines.contains { $0.hasPrefix("Outbox:") && $0.contains("3 readings waiting") && $0.contains("the oldest from") })
        #expect(lines.contains("Last delivery: none yet"))
        #expect(lines.contains { $0.hasPrefix("Last error:    HTTP 503") })
        #expect(lines.contains { $0.hasPrefix("Refused:       1 reading refused") })
        let json = ControlFormat.json(Self.status(ControlForwarding(
            configured: true, oldestUndeliveredAt: nil, lastSuccessAt: at, lastError: nil, lastErrorAt: nil, deadLetters: 0)), mode: .daemon)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.rendered().utf8)) as? [String: Any])
        #expect(object["forwarding"] as? Bool == true)
        #expect(object["dead_letters"] as? Int == 0)
        #expect(object["last_delivery_at"] as? String != nil)
    }

    @Test("the control API carries the forwarding figures both ways; an older daemon's status has none")
    func wire() throws {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let forwarding = ControlForwarding(configured: true, oldestUndeliveredAt: at, lastSuccessAt: at, lastError: "timed out",
                                           lastErrorAt: at, deadLetters: 2)
        let decoded = try ControlWire.status(ControlWire.encode(Self.status(forwarding)))
        #expect(decoded.forwarding == forwarding)
        #expect(try ControlWire.status(ControlWire.encode(Self.status(nil))).forwarding == nil)
    }
}
