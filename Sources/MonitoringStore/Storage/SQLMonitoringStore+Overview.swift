import FHIR
import Foundation
import SQLKit

extension SQLMonitoringStore {
    public func patientOverview(patient: String, since: Date) async throws -> PatientOverview {
        let observations = try await resources(type: "Observation", patient: patient, from: since, to: nil, limit: 5000)
        var overview = PatientOverview(
            patientID: patient, groups: [], weight: [], systolic: [], diastolic: [], pulse: [],
            thresholds: try await thresholds(patient: patient), messages: [], devices: [], openItems: [])
        for text in observations {
            guard case .observation(let observation)? = try? FHIRJSON.decode(Resource.self, from: text),
                  let at = observation.effectiveDateTime.flatMap(FHIRInstant.date)
            else { continue }
            func loinc(_ concept: CodeableConcept) -> String? { concept.coding?.first { $0.system == "http://loinc.org" }?.code }
            func point(_ quantity: Quantity?) -> SeriesPoint? {
                guard let quantity, let value = quantity.value?.doubleValue, value.isFinite else { return nil }
                return SeriesPoint(at: at, value: value, unit: quantity.unit ?? quantity.code ?? "")
            }
            switch loinc(observation.code) {
            case "29463-7": if let p = point(observation.valueQuantity) { overview.weight.append(p) }
            case "8867-4": if let p = point(observation.valueQuantity) { overview.pulse.append(p) }
            case "85354-9":
                for component in observation.component ?? [] {
                    switch loinc(component.code) {
                    case "8480-6": if let p = point(component.valueQuantity) { overview.systolic.append(p) }
                    case "8462-4": if let p = point(component.valueQuantity) { overview.diastolic.append(p) }
                    default: break
                    }
                }
            default: break
            }
        }
        overview.messages = Array(try await messages(forPatient: patient, after: nil).suffix(20))
        let policy = FleetPolicy()
        let now = Date()
        (overview.groups, overview.devices, overview.openItems) = try await backend.withSession { db in
            let groups = try await db.raw("SELECT group_name FROM patient_groups WHERE patient = \(bind: patient) ORDER BY group_name")
                .all().map { try $0.string("group_name") }
            let devices = try await db.raw("SELECT * FROM device_status WHERE patient = \(bind: patient) ORDER BY address")
                .all().map { try Self.deviceHealth($0, policy: policy, now: now) }
            let items = try await db.raw("""
                SELECT * FROM worklist WHERE patient = \(bind: patient) AND ack_ms IS NULL ORDER BY rank, occurred_ms, id
                """).all().map(Self.worklistItem)
            return (groups, devices, items)
        }
        return overview
    }

    public func fleetHealth(policy: FleetPolicy, now: Date) async throws -> FleetHealth {
        try await backend.withSession { db in
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
                return HubHealth(hubID: try row.string("id"), lastHeard: heard, softwareVersion: try row.optionalString("software_version"),
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
        return DeviceHealth(address: try row.string("address"), hubID: try row.optionalString("hub"), patientID: try row.optionalString("patient"),
                            lastContact: lastContact, lastReading: lastReading, batteryLevel: battery, clockOffsetSeconds: offset,
                            problems: problems)
    }
}
