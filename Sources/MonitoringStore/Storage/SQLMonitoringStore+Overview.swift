import FHIR
import Foundation
import SQLKit

extension SQLMonitoringStore {
    public func patientOverview(patient: String, since: Date, policy: FleetPolicy, now: Date) async throws -> PatientOverview {
        let observations = try await resources(type: "Observation", patient: patient, from: since, to: nil, limit: 5000)
        var overview = PatientOverview(
            patientID: patient, groups: [], weight: [], bloodPressure: [], pulse: [],
            thresholds: try await thresholds(patient: patient), messages: [], contactRequests: [], devices: [], openItems: [])
        for text in observations {
            guard case .observation(let observation)? = try? FHIRJSON.decode(Resource.self, from: text),
                  let at = observation.effectiveDateTime.flatMap(FHIRInstant.date)
            else { continue }
            switch ObservedValue(observation) {
            case .weight(let kg)?: overview.weight.append(SeriesPoint(at: at, value: kg))
            case .pulse(let bpm)?: overview.pulse.append(SeriesPoint(at: at, value: bpm))
            case .bloodPressure(let systolic, let diastolic, _)?:
                overview.bloodPressure.append(PressurePoint(at: at, systolic: systolic, diastolic: diastolic))
            case nil: break
            }
        }
        overview.messages = Array(try await clinicMessages(forPatient: patient).suffix(20))
        (overview.groups, overview.devices, overview.openItems, overview.contactRequests) = try await backend.withSession { db in
            let groups = try await db.raw("SELECT group_name FROM patient_groups WHERE patient = \(bind: patient) ORDER BY group_name")
                .all().map { try $0.string("group_name") }
            let devices = try await db.raw("SELECT * FROM device_status WHERE patient = \(bind: patient) ORDER BY address")
                .all().map { try Self.deviceHealth($0, policy: policy, now: now) }
            let items = try await db.raw("""
                SELECT * FROM worklist WHERE patient = \(bind: patient) AND ack_ms IS NULL ORDER BY rank, occurred_ms, id
                """).all().map(Self.worklistItem)
            let contacts = try await db.raw("""
                SELECT * FROM worklist WHERE patient = \(bind: patient) AND kind = 'contact-request' ORDER BY occurred_ms DESC, id LIMIT 20
                """).all().map(Self.worklistItem)
            return (groups, devices, items, Array(contacts.reversed()))
        }
        return overview
    }

    /// The clinic messages `patient` sees, with their authors, oldest first.
    func clinicMessages(forPatient patient: String) async throws -> [ClinicMessage] {
        try await backend.withSession { db in
            try await db.raw("""
                SELECT id, scope, target, body, author, sender, sent_ms FROM messages
                WHERE (scope = 'patient' AND target = \(bind: patient)) OR scope = 'all'
                    OR (scope = 'group' AND target IN (SELECT group_name FROM patient_groups WHERE patient = \(bind: patient)))
                ORDER BY sent_ms, id
                """).all().map(Self.clinicMessage)
        }
    }

    public func recentMessages(limit: Int) async throws -> [ClinicMessage] {
        try await backend.withSession { db in
            try await db.raw("""
                SELECT id, scope, target, body, author, sender, sent_ms FROM messages ORDER BY sent_ms DESC, id LIMIT \(bind: limit)
                """).all().map(Self.clinicMessage)
        }
    }

    static func clinicMessage(_ row: any SQLRow) throws -> ClinicMessage {
        let content = try message(row)
        return ClinicMessage(id: content.id, audience: content.audience, text: content.text, author: try row.string("author"),
                             sender: content.sender, sentAt: content.sentAt)
    }

    public func groups() async throws -> [PatientGroup] {
        try await backend.withSession { db in
            try await db.raw("""
                SELECT group_name, COUNT(*) AS members FROM patient_groups GROUP BY group_name ORDER BY group_name
                """).all().map { PatientGroup(name: try $0.string("group_name"), memberCount: try $0.int("members")) }
        }
    }

    public func thresholdHistory(patient: String, limit: Int) async throws -> [ThresholdAuditEntry] {
        try await backend.withSession { db in
            try await db.raw("""
                SELECT name, old_value, new_value, changed_by, changed_ms, reason, version FROM threshold_audit
                WHERE patient = \(bind: patient) ORDER BY changed_ms DESC, version DESC, name LIMIT \(bind: limit)
                """).all().map { row in
                ThresholdAuditEntry(
                    name: try row.string("name"), oldValue: try row.optionalString("old_value").flatMap(FHIRDecimal.init(text:)),
                    newValue: try row.optionalString("new_value").flatMap(FHIRDecimal.init(text:)), changedBy: try row.string("changed_by"),
                    changedAt: try row.date("changed_ms"), reason: try row.string("reason"), version: try row.int("version"))
            }
        }
    }

    public func fleetHealth(policy: FleetPolicy, now: Date) async throws -> FleetHealth {
        try await backend.withSession { db in
            var patients: [String: [String]] = [:]
            for row in try await db.raw("SELECT hub, patient FROM hub_patients ORDER BY hub, patient").all() {
                patients[try row.string("hub"), default: []].append(try row.string("patient"))
            }
            let hubs = try await db.raw("""
                SELECT h.id, s.heard_ms, s.software_version, s.backlog FROM hubs h LEFT JOIN hub_status s ON s.hub = h.id ORDER BY h.id
                """).all().map { row -> HubHealth in
                let heard = try row.optionalDate("heard_ms")
                var problems: [String] = []
                if let heard {
                    if now.timeIntervalSince(heard) > policy.hubSilentAfter { problems.append("hub-silent") }
                } else {
                    problems.append("hub-never-heard")
                }
                let id = try row.string("id")
                return HubHealth(hubID: id, patients: patients[id] ?? [], lastHeard: heard,
                                 softwareVersion: try row.optionalString("software_version"),
                                 backlog: try row.optionalInt("backlog"), problems: problems)
            }
            let devices = try await db.raw("SELECT * FROM device_status ORDER BY hub, address").all()
                .map { try Self.deviceHealth($0, policy: policy, now: now) }
            return FleetHealth(hubs: hubs, devices: devices)
        }
    }

    static func deviceHealth(_ row: any SQLRow, policy: FleetPolicy, now: Date) throws -> DeviceHealth {
        let battery = try row.optionalInt("battery")
        let offset = try row.optionalDouble("clock_offset_s")
        let lastContact = try row.optionalDate("last_contact_ms")
        let lastReading = try row.optionalDate("last_reading_ms")
        var problems: [String] = []
        if let battery, battery < policy.lowBatteryPercent { problems.append("battery-low") }
        if let offset, abs(offset) > policy.maxClockOffsetSeconds { problems.append("clock-off") }
        let heard = [lastContact, lastReading].compactMap { $0 }.max()
        if let heard, now.timeIntervalSince(heard) > policy.deviceSilentAfter { problems.append("device-silent") }
        return DeviceHealth(address: try row.string("address"), model: try row.optionalString("model"), hubID: try row.optionalString("hub"),
                            patientID: try row.optionalString("patient"), lastContact: lastContact, lastReading: lastReading,
                            batteryLevel: battery, clockOffsetSeconds: offset, problems: problems)
    }
}
