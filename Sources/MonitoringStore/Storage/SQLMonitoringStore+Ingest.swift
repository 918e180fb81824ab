import FHIR
import Foundation
import SQLKit

extension SQLMonitoringStore {
    public func ingest(_ plan: TransactionPlan, hub: String, now: Date) async throws -> [FHIRBundle.Entry] {
        let nowMS = now.milliseconds
        return try await backend.transaction { db in
            let outcomes = try await Self.store(plan.entries, hub: hub, nowMS: nowMS, db: db)
            var responses: [FHIRBundle.Entry] = []
            var created: [TransactionPlan.Entry] = []
            for (entry, (status, id)) in zip(plan.entries, outcomes) {
                if status == 201 { created.append(entry) }
                responses.append(FHIRBundle.Entry(fullUrl: nil, resource: nil, response: .init(
                    status: status == 201 ? "201 Created" : "200 OK", location: "\(entry.type)/\(id)")))
            }
            try await Self.recordEffects(of: created, plan: plan, hub: hub, nowMS: nowMS, db: db)
            try await db.raw("""
                INSERT INTO hub_status (hub, heard_ms) VALUES (\(bind: hub), \(bind: nowMS))
                ON CONFLICT (hub) DO UPDATE SET heard_ms = excluded.heard_ms
                """).run()
            if let beat = plan.heartbeat { try await Self.record(beat, hub: hub, nowMS: nowMS, db: db) }
            return responses
        }
    }

    /// Stores the entries in their order; for each, 201 and the new id, or 200 and the id of the
    /// resource already there. Consecutive conditional creates go to the database as one multi-row
    /// INSERT (a Bundle of 20 readings is ~60 entries: one statement instead of 60 round trips);
    /// conditional updates one by one, between them.
    static func store(_ entries: [TransactionPlan.Entry], hub: String, nowMS: Int64, db: any SQLDatabase) async throws -> [(Int, String)] {
        var outcomes: [(Int, String)] = []
        outcomes.reserveCapacity(entries.count)
        var start = 0
        while start < entries.count {
            guard entries[start].action == .conditionalCreate else {
                outcomes.append(try await update(entries[start], hub: hub, nowMS: nowMS, db: db))
                start += 1
                continue
            }
            var end = start
            while end < entries.count, end - start < maxRowsPerInsert, entries[end].action == .conditionalCreate { end += 1 }
            outcomes += try await create(entries[start..<end], hub: hub, nowMS: nowMS, db: db)
            start = end
        }
        return outcomes
    }

    /// At most this many rows per INSERT (11 parameters each: far below SQLite's and PostgreSQL's limits).
    static let maxRowsPerInsert = 500

    /// The row of `entry` for an INSERT into `resources`.
    static func row(_ entry: TransactionPlan.Entry, hub: String, nowMS: Int64) -> SQLQueryString {
        """
        (\(bind: entry.id), \(bind: entry.type), \(bind: entry.identifierSystem), \(bind: entry.identifierValue),
         \(bind: entry.patient), \(bind: entry.code), \(bind: entry.effective?.milliseconds), \(bind: nowMS), 1, \(bind: hub), \(bind: entry.json))
        """
    }

    static let insertHead: SQLQueryString = """
        INSERT INTO resources (id, type, ident_system, ident_value, patient, code, effective_ms, last_updated_ms, version, hub, json) VALUES
        """

    /// Conditional creates, in one statement. No conflict target: the id is derived from the key, so
    /// a concurrent twin may hit the primary key or the key's unique index first; either means
    /// "already there", and the resource there is read by its key (a re-send, or another instance
    /// at the same moment: the winner). The first of two entries with one key in a Bundle is the 201.
    static func create(_ entries: ArraySlice<TransactionPlan.Entry>, hub: String, nowMS: Int64, db: any SQLDatabase) async throws -> [(Int, String)] {
        let rows = entries.map { row($0, hub: hub, nowMS: nowMS) }.joined(separator: ", ")
        var inserted = Set(try await db.raw(insertHead + " " + rows + " ON CONFLICT DO NOTHING RETURNING id").all().map { try $0.string("id") })
        var outcomes: [(Int, String)?] = []
        var existing: [Int] = []
        for (offset, entry) in entries.enumerated() {
            if inserted.remove(entry.id) != nil {
                outcomes.append((201, entry.id))
            } else {
                outcomes.append(nil)
                existing.append(offset)
            }
        }
        guard !existing.isEmpty else { return outcomes.compactMap { $0 } }
        let slice = Array(entries)
        let keys = existing.map { offset -> SQLQueryString in
            let entry = slice[offset]
            return "(type = \(bind: entry.type) AND ident_system = \(bind: entry.identifierSystem) AND ident_value = \(bind: entry.identifierValue))"
        }
        var winners: [String: String] = [:]
        for row in try await db.raw("SELECT id, type, ident_system, ident_value FROM resources WHERE " + keys.joined(separator: " OR ")).all() {
            let key = "\(try row.string("type"))|\(try row.optionalString("ident_system") ?? "")|\(try row.optionalString("ident_value") ?? "")"
            winners[key] = try row.string("id")
        }
        for offset in existing {
            let entry = slice[offset]
            guard entry.identifierSystem != nil, entry.identifierValue != nil,
                  let id = winners["\(entry.type)|\(entry.identifierSystem ?? "")|\(entry.identifierValue ?? "")"]
            else { throw IngestError(status: 409, code: "conflict", "a conditional create found neither its own nor an existing resource") }
            outcomes[offset] = (200, id)
        }
        return outcomes.compactMap { $0 }
    }

    /// A conditional update: create or replace; 201 when it created.
    static func update(_ entry: TransactionPlan.Entry, hub: String, nowMS: Int64, db: any SQLDatabase) async throws -> (Int, String) {
        let row = try await db.raw(insertHead + " " + row(entry, hub: hub, nowMS: nowMS) + """
             ON CONFLICT (id) DO UPDATE SET json = excluded.json, patient = excluded.patient,
             code = excluded.code, last_updated_ms = excluded.last_updated_ms, hub = excluded.hub, version = resources.version + 1
             RETURNING id, version
            """).first()
        guard let row else { throw IngestError(status: 409, code: "conflict", "a conditional update stored nothing") }
        return (try row.int("version") == 1 ? 201 : 200, try row.string("id"))
    }

    /// What newly stored resources mean for the clinic: worklist items and device activity.
    static func recordEffects(of created: [TransactionPlan.Entry], plan: TransactionPlan, hub: String, nowMS: Int64, db: any SQLDatabase) async throws {
        let byReference = Dictionary(plan.entries.map { ("\($0.type)/\($0.id)", $0) }, uniquingKeysWith: { first, _ in first })
        var lastReading: [String: (patient: String?, ms: Int64, model: String?)] = [:]
        for entry in created {
            switch entry.resource {
            case .detectedIssue(let issue):
                guard let item = WorklistEntry(issue: issue, id: entry.id, resolve: { byReference[$0]?.resource }) else { continue }
                if item.colour == "grey" {
                    guard try await greyRepeats(patient: item.patient, at: item.occurredMS, db: db) else { continue }
                }
                try await insert(item, db: db)
            case .communication(let communication):
                guard let request = try? ContactRequest(communication) else { continue }
                try await insert(WorklistEntry(contact: request, id: entry.id), db: db)
            case .observation(let observation):
                guard let device = observation.device?.reference, let address = byReference[device]?.identifierValue,
                      byReference[device]?.identifierSystem == DeviceKeys.btmac, let at = entry.effective?.milliseconds
                else { continue }
                if (lastReading[address]?.ms ?? .min) < at {
                    lastReading[address] = (entry.patient, at, Self.model(of: byReference[device]?.resource))
                }
            default:
                continue
            }
        }
        for (address, reading) in lastReading {
            try await db.raw("""
                INSERT INTO device_status (address, hub, patient, last_reading_ms, model)
                VALUES (\(bind: address), \(bind: hub), \(bind: reading.patient), \(bind: reading.ms), \(bind: reading.model))
                ON CONFLICT (address) DO UPDATE SET hub = excluded.hub, patient = COALESCE(excluded.patient, device_status.patient),
                model = COALESCE(excluded.model, device_status.model),
                last_reading_ms = CASE WHEN device_status.last_reading_ms IS NULL OR excluded.last_reading_ms > device_status.last_reading_ms
                    THEN excluded.last_reading_ms ELSE device_status.last_reading_ms END
                """).run()
        }
    }

    /// "Manufacturer model" of a PHD Device, for the pages' device lists.
    static func model(of resource: Resource?) -> String? {
        guard case .device(let device)? = resource else { return nil }
        let text = [device.manufacturer, device.modelNumber].compactMap { $0 }.joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    /// CLINICAL.md: a grey "measure again" goes to staff only when it repeats: this one and the two
    /// issues before it for the patient are all grey, within 24 hours.
    static func greyRepeats(patient: String, at: Int64, db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw("""
            SELECT code, effective_ms FROM resources WHERE type = 'DetectedIssue' AND patient = \(bind: patient)
            AND effective_ms <= \(bind: at) ORDER BY effective_ms DESC LIMIT 3
            """).all()
        guard rows.count == 3 else { return false }
        let grey = "\(CareHubURI.triageColour)|grey"
        let oldest = try rows.map { try $0.decode(column: "effective_ms", as: Int64.self) }.min() ?? at
        return try rows.allSatisfy { try $0.optionalString("code") == grey } && at - oldest <= 86_400_000
    }

    static func insert(_ item: WorklistEntry, db: any SQLDatabase) async throws {
        let columns = item.value?.columns
        try await db.raw("""
            INSERT INTO worklist (id, patient, kind, colour, rank, occurred_ms, resource_id, rules, detail, parameters, observed,
                                  value_kind, value_1, value_2, value_3)
            VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: item.patient), \(bind: item.kind.rawValue), \(bind: item.colour),
                    \(bind: item.rank), \(bind: item.occurredMS), \(bind: item.resource), \(bind: item.rules.joined(separator: "\n")),
                    \(bind: item.detail), \(bind: item.parameters.joined(separator: "\n")), \(bind: item.observed.joined(separator: "\n")),
                    \(bind: columns?.kind), \(bind: columns?.a), \(bind: columns?.b), \(bind: columns?.c))
            ON CONFLICT (resource_id) DO NOTHING
            """).run()
    }

    static func record(_ beat: HubHeartbeat, hub: String, nowMS: Int64, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO hub_status (hub, system_id, heard_ms, sent_ms, software_version, backlog, last_reading_ms)
            VALUES (\(bind: hub), \(bind: beat.hubID), \(bind: nowMS), \(bind: beat.sentAt.milliseconds), \(bind: beat.softwareVersion),
                    \(bind: beat.backlog), \(bind: beat.lastReadingAt?.milliseconds))
            ON CONFLICT (hub) DO UPDATE SET system_id = excluded.system_id, heard_ms = excluded.heard_ms, sent_ms = excluded.sent_ms,
            software_version = excluded.software_version, backlog = excluded.backlog, last_reading_ms = excluded.last_reading_ms
            """).run()
        for device in beat.devices {
            try await db.raw("""
                INSERT INTO device_status (address, hub, patient, last_contact_ms, battery, clock_offset_s, reported_ms)
                VALUES (\(bind: device.bluetoothAddress), \(bind: hub), \(bind: device.patientID), \(bind: device.lastContact?.milliseconds),
                        \(bind: device.batteryLevel), \(bind: device.clockOffsetSeconds), \(bind: nowMS))
                ON CONFLICT (address) DO UPDATE SET hub = excluded.hub, patient = COALESCE(excluded.patient, device_status.patient),
                last_contact_ms = excluded.last_contact_ms, battery = excluded.battery, clock_offset_s = excluded.clock_offset_s,
                reported_ms = excluded.reported_ms
                """).run()
        }
    }
}

enum DeviceKeys {
    static let btmac = "http://hl7.org/fhir/sid/eui-48/bluetooth"
}
