import CivilTime
import Foundation
import GRDB
import Testing
@testable import GatewayStore

/// The commit path binds with raw SQLite calls and formats keys and times by hand: what it stores
/// must be exactly what GRDB's own bindings and `Date` text stored before (values AND storage classes).
@Suite("The reading commit's fast path stores exactly what GRDB's bindings stored")
struct FastPathTests {
    /// One column as stored: its storage class and value.
    struct Cell: Equatable, CustomStringConvertible {
        var type: String
        var value: DatabaseValue
        var description: String { "\(type):\(value)" }
    }

    static func cell(_ value: (any DatabaseValueConvertible)?) -> Cell {
        let dbValue = value?.databaseValue ?? .null
        switch dbValue.storage {
        case .null: return Cell(type: "null", value: dbValue)
        case .int64: return Cell(type: "integer", value: dbValue)
        case .double: return Cell(type: "real", value: dbValue)
        case .string: return Cell(type: "text", value: dbValue)
        case .blob: return Cell(type: "blob", value: dbValue)
        }
    }

    /// Every column of one row of `table`, in table order, with `typeof()`.
    static func stored(_ store: HubStore, _ table: String, where condition: String) throws -> [String: Cell] {
        try store.writer.read { db in
            let columns = try db.columns(in: table).map(\.name)
            let select = columns.map { "typeof(\($0)), \($0)" }.joined(separator: ", ")
            guard let row = try Row.fetchOne(db, sql: "SELECT \(select) FROM \(table) WHERE \(condition)") else { return [:] }
            var result: [String: Cell] = [:]
            for (index, column) in columns.enumerated() {
                result[column] = Cell(type: row[2 * index], value: row[2 * index + 1])
            }
            return result
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02X", $0) }.joined() }

    /// The `reading` row a reading must give, built with GRDB's own conversions (the old bindings).
    static func expectedRow(_ r: NewReading, id: ReadingID, characteristic: String) -> [String: Cell] {
        let address = r.deviceAddress.uppercased()
        let user = r.userIndex.map(String.init) ?? "-"
        let key = r.deviceTime.map { "t|\(address)|\(user)|\(characteristic)|\($0)|\(hex(r.raw))" }
            ?? "n|\(address)|\(user)|\(characteristic)|\(r.connectionID)|\(hex(r.raw))"
        return [
            "id": cell(id.rawValue), "device_address": cell(address), "user_index": cell(r.userIndex),
            "patient_id": cell(r.patientID), "characteristic": cell(characteristic), "kind": cell(r.kind.rawValue),
            "systolic": cell(r.systolic), "diastolic": cell(r.diastolic), "mean_arterial_pressure": cell(r.meanArterialPressure),
            "pressure_unit": cell(r.pressureUnit), "pulse": cell(r.pulse), "weight": cell(r.weight),
            "weight_unit": cell(r.weightUnit), "bmi": cell(r.bmi), "height": cell(r.height), "height_unit": cell(r.heightUnit),
            "cuff_status": cell(r.cuffStatus), "values_json": cell(r.valuesJSON), "raw": cell(Data(r.raw)),
            "device_time": cell(r.deviceTime), "received_at": cell(r.receivedAt), "effective_at": cell(r.effectiveAt),
            "phd_identifier": cell(r.phdIdentifier), "connection_id": cell(r.connectionID), "dedupe_key": cell(key),
        ]
    }

    static func bodyComposition() -> NewReading {
        NewReading(
            deviceAddress: "a4:c1:38:00:00:03", userIndex: 3, patientID: Fixture.patient, characteristic: "0x2a9c",
            kind: .bodyComposition, weight: 81.35, weightUnit: "kg", bmi: 24.1, height: 1.837, heightUnit: "m",
            valuesJSON: #"{"body_fat":21.5,"muscle":"n/a"}"#, raw: [0x98, 0x01, 0xD7, 0x00, 0x00, 0xFF],
            deviceTime: nil, receivedAt: Date(timeIntervalSince1970: 1_795_000_123.4567),
            effectiveAt: Date(timeIntervalSince1970: 1_795_000_100.0005), phdIdentifier: "A4C138000003-pat-0001-188736-r1",
            connectionID: "conn-Ω")
    }

    static func weightWithNulls() -> NewReading {
        // Only the required columns; every optional one NULL, an empty JSON object.
        NewReading(
            deviceAddress: Fixture.scale, patientID: "pat-2", characteristic: "2A9D", kind: .weight,
            raw: [0x00], deviceTime: "2026-01-02T03:04:05", receivedAt: Date(timeIntervalSince1970: 0.9995),
            effectiveAt: Date(timeIntervalSince1970: -86_400.25), phdIdentifier: "x", connectionID: "")
    }

    @Test("BP, weight with NULLs and body composition read back column for column (type and value)")
    func rowsAreIdentical() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        var bp = Fixture.bp()
        bp.valuesJSON = #"{"irregular_pulse":false,"note":"Värde"}"#
        var composition = Self.bodyComposition()
        composition.quantities = [
            ReadingQuantity(name: "body_fat", mdcCode: 8_454_258, value: 21.5, unit: "%"),
            ReadingQuantity(name: "muscle_mass", mdcCode: 8_454_260, value: 35, unit: "kg"),
        ]
        // An empty payload is stored as GRDB stored an empty `Data`: a zero-length blob, not NULL.
        var empty = Self.weightWithNulls()
        empty.raw = []
        empty.deviceTime = nil
        let cases: [(NewReading, String)] = [
            (bp, "2A35"), (Self.weightWithNulls(), "2A9D"), (composition, "2A9C"), (empty, "2A9D"),
        ]
        for (reading, characteristic) in cases {
            let assessment = Fixture.assessment(.red, rules: ["B1", "quote\"d"])
            let identifiers = #"{"Observation":"\#(reading.phdIdentifier)","Device":"urn:ö"}"#
            let result = try store.commit(reading: reading, assessment: assessment, alertState: ["S2": "[1]", "S1": "{}"],
                                          identifiersJSON: identifiers)
            guard case .stored(let id) = result else { Issue.record("not stored: \(result)"); continue }
            let row = try Self.stored(store, "reading", where: "id = \(id.rawValue)")
            let expected = Self.expectedRow(reading, id: id, characteristic: characteristic)
            #expect(row.count == expected.count)
            for (column, cell) in expected { #expect(row[column] == cell, "\(reading.kind) \(column)") }

            let received = Self.cell(reading.receivedAt)
            #expect(try Self.stored(store, "outbox", where: "reading_id = \(id.rawValue)") == [
                "reading_id": Self.cell(id.rawValue), "created_at": received, "attempts": Self.cell(0),
                "last_error": Self.cell(nil as String?), "next_attempt_at": received, "sent_at": Self.cell(nil as String?),
                "identifiers_json": Self.cell(identifiers), "dead_at": Self.cell(nil as String?),
                "dead_status": Self.cell(nil as Int?), "dead_outcome": Self.cell(nil as String?),
            ])
            let item = try store.pendingOutbox(limit: 10, now: .distantFuture).first { $0.id.rawValue == id.rawValue }
            #expect(item?.identifiersJSON == identifiers)
            #expect(try Self.stored(store, "assessment", where: "reading_id = \(id.rawValue)") == [
                "reading_id": Self.cell(id.rawValue), "colour": Self.cell("red"), "rule_ids_json": Self.cell(#"["B1","quote\"d"]"#),
                "parameters_json": Self.cell(assessment.parametersJSON), "observations_json": Self.cell(assessment.observationsJSON),
                "ruleset_version": Self.cell(assessment.rulesetVersion), "text_sv": Self.cell(assessment.textSV),
                "text_en": Self.cell(assessment.textEN), "priority": Self.cell("high"), "new_alert": Self.cell(1),
            ])
            for (signal, state) in ["S1": "{}", "S2": "[1]"] {
                #expect(try Self.stored(store, "alert_state", where: "patient_id = '\(reading.patientID)' AND signal = '\(signal)'") == [
                    "patient_id": Self.cell(reading.patientID), "signal": Self.cell(signal), "state_json": Self.cell(state),
                    "updated_at": received, "reading_id": Self.cell(id.rawValue),
                ])
            }
            for quantity in reading.quantities {
                #expect(try Self.stored(store, "reading_quantity", where: "reading_id = \(id.rawValue) AND name = '\(quantity.name)'") == [
                    "reading_id": Self.cell(id.rawValue), "name": Self.cell(quantity.name), "mdc_code": Self.cell(quantity.mdcCode),
                    "value": Self.cell(quantity.value), "unit": Self.cell(quantity.unit),
                ])
            }
            // And through the public read path.
            let one = try #require(try store.reading(id: id))
            let back = try #require(try store.withQuantities([one]).first)
            #expect(back.reading.raw == reading.raw)
            #expect(back.reading.valuesJSON == reading.valuesJSON)
            #expect(back.reading.quantities == reading.quantities)
        }
        #expect(try store.count("reading") == 4)
    }

    @Test("duplicates are still recognised: same key, clockless resend, in a batch, and by duplicateOf/readingInputs")
    func duplicates() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let composition = Self.bodyComposition()
        guard case .stored(let first) = try store.commit(reading: composition, assessment: Fixture.assessment()) else {
            Issue.record("not stored"); return
        }
        // The same payload, another connection, two minutes later: a clockless resend.
        var resend = composition
        resend.connectionID = "conn-2"
        resend.receivedAt = composition.receivedAt.addingTimeInterval(120)
        #expect(try store.duplicateOf(resend) == first)
        #expect(try store.readingInputs(for: resend).duplicate == first)
        #expect(try store.commit(reading: resend, assessment: Fixture.assessment()) == .duplicate(existing: first))
        // Outside the window it is a new reading.
        resend.receivedAt = composition.receivedAt.addingTimeInterval(HubStore.clocklessResendWindow + 1)
        #expect(try store.duplicateOf(resend) == nil)
        // A timed reading, then a batch with it again, a new one, and the new one twice.
        guard case .stored(let bp) = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment()) else {
            Issue.record("not stored"); return
        }
        let fresh = Fixture.bp(systolic: 131, deviceTime: "2026-11-18T21:00:00", connection: "conn-9")
        let results = try store.commit(batch: [
            PendingReading(reading: Fixture.bp(connection: "conn-9"), assessment: Fixture.assessment()),
            PendingReading(reading: fresh, assessment: Fixture.assessment()),
            PendingReading(reading: fresh, assessment: Fixture.assessment()),
        ])
        #expect(results.count == 3)
        #expect(results.first == .duplicate(existing: bp))
        guard results.count == 3, case .stored(let new) = results[1] else { Issue.record("\(results)"); return }
        #expect(results[2] == .duplicate(existing: new))
        #expect(fresh.isResend(of: fresh))
        #expect(resend.isResend(of: composition) == false)
        resend.receivedAt = composition.receivedAt.addingTimeInterval(600)
        #expect(resend.isResend(of: composition))
        #expect(try store.count("reading") == 3)
        #expect(try store.count("outbox") == 3)
    }

    @Test("a read-only connection gives the same .readOnly error, nothing stored, and the next commit works")
    func readOnlyError() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        _ = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment())
        try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 1") }
        #expect(throws: StoreError.readOnly(path: dir.databasePath, detail: "attempt to write a readonly database")) {
            try store.commit(reading: Fixture.bp(systolic: 140), assessment: Fixture.assessment())
        }
        try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 0") }
        // The failed statements are reusable: the same reading commits now.
        guard case .stored = try store.commit(reading: Fixture.bp(systolic: 140), assessment: Fixture.assessment()) else {
            Issue.record("not stored after query_only was lifted"); return
        }
        #expect(try store.count("reading") == 2)
    }

    @Test("constraint failures keep their SQLite message")
    func constraintErrors() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        var badJSON = Fixture.bp()
        badJSON.valuesJSON = "{oops"
        #expect(throws: StoreError.constraint(detail: "CHECK constraint failed: json_valid(values_json)")) {
            try store.commit(reading: badJSON, assessment: Fixture.assessment())
        }
        var badState = Fixture.bp()
        badState.systolic = 150
        #expect(throws: StoreError.constraint(detail: "CHECK constraint failed: json_valid(state_json)")) {
            try store.commit(reading: badState, assessment: Fixture.assessment(), alertState: ["B1": "nope"])
        }
        #expect(try store.count("reading") == 0)
        #expect(try store.count("outbox") == 0)
        guard case .stored = try store.commit(reading: Fixture.bp(), assessment: Fixture.assessment()) else {
            Issue.record("not stored after the failures"); return
        }
    }

    @Test("readingInputs reads thresholds and alert state exactly as GRDB's row decoding reads them")
    func readingInputsValues() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        try store.saveDevice(StoredDevice(address: Fixture.cuff, kind: .cuff, pairedAt: Fixture.base, pairedBy: "tech"))
        try store.assign(address: Fixture.cuff, userIndex: 1, patientID: "Pätient ✓", at: Fixture.base, by: "tech")
        for (parameter, value) in [("sbp.high_yellow", 140.0), ("weight.gain_2d", 1.75), ("x", -0.1)] {
            try store.setThreshold(patient: "Pätient ✓", parameter: parameter, value: value, changedBy: "nurse",
                                   reason: "test", at: Fixture.base)
        }
        try store.setAlertState(patient: "Pätient ✓", signal: "B1", stateJSON: #"{"open":true,"since":"ö"}"#, at: Fixture.base)
        try store.setAlertState(patient: "Pätient ✓", signal: "", stateJSON: "[]", at: Fixture.base)
        let inputs = try store.readingInputs(for: Fixture.bp(patient: "Pätient ✓", user: 1))
        #expect(inputs.assignedPatient == "Pätient ✓")
        let (thresholds, states) = try store.writer.read { db in
            var thresholds: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT parameter, value FROM threshold WHERE patient_id = ?", arguments: ["Pätient ✓"]) {
                thresholds[row[0]] = row[1] as Double
            }
            var states: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT signal, state_json FROM alert_state WHERE patient_id = ?", arguments: ["Pätient ✓"]) {
                states[row[0]] = row[1] as String
            }
            return (thresholds, states)
        }
        #expect(thresholds.count == 3 && states.count == 2)
        #expect(inputs.thresholds == thresholds)
        #expect(inputs.alertStates == states)
        #expect(try store.alertStates(patient: "Pätient ✓") == states)
    }

    @Test("dedupe key text is the documented format", arguments: [
        (nil, nil, "c", [] as [UInt8]), (0, "2026-11-18T20:30:00", "", [0x00, 0xFF, 0x1A]),
        (255, nil, "conn|x", [0xAB]), (-3, "0001-01-01T00:00:00", "Ω", Array(0...255).map(UInt8.init)),
    ] as [(Int?, String?, String, [UInt8])])
    func dedupeKey(_ user: Int?, _ time: String?, _ connection: String, _ raw: [UInt8]) {
        let clock = time.flatMap(DeviceWallClock.init)
        let key = ReadingDedupeKey.make(
            deviceAddress: "AA:BB", userIndex: user, characteristic: "2A35", deviceTime: clock, raw: raw, connectionID: connection)
        let userText = user.map { String($0) } ?? "-"
        let expected = time.map { "t|AA:BB|\(userText)|2A35|\($0)|\(Self.hex(raw))" }
            ?? "n|AA:BB|\(userText)|2A35|\(connection)|\(Self.hex(raw))"
        #expect(key == expected)
    }

    @Test("StoreTime.text equals GRDB's Date text around rounding edges and before 1970", arguments: [
        0.9995, 0.0004, -0.0004, -86_400.25, -1, 1_795_000_123.4567, 1_795_000_100.0005, 253_402_300_799.999,
        1_700_000_000.9999,
    ] as [TimeInterval])
    func storeTime(_ seconds: TimeInterval) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoreTime.text(date) == (try #require(String.fromDatabaseValue(date.databaseValue))))
    }

    /// The formatter as it was before it wrote into a buffer (array of bytes, then a String).
    static func legacyStoreTime(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let msPerDay: Int64 = 86_400_000
        let days = millis >= 0 ? millis / msPerDay : -((-millis + msPerDay - 1) / msPerDay)
        var rest = Int(millis - days * msPerDay)
        let civil = CivilDate(daysSince1970: Int(days))
        let (year, month, day) = (civil.year, civil.month, civil.day)
        let ms = rest % 1000; rest /= 1000
        let second = rest % 60; rest /= 60
        let minute = rest % 60
        let hour = rest / 60
        var bytes = [UInt8]()
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var value = max(0, value)
            for _ in 0..<width {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                value %= divisor
                divisor /= 10
                if divisor == 0 { break }
            }
        }
        put(year, 4); bytes.append(UInt8(ascii: "-")); put(month, 2); bytes.append(UInt8(ascii: "-")); put(day, 2)
        bytes.append(UInt8(ascii: " "))
        put(hour, 2); bytes.append(UInt8(ascii: ":")); put(minute, 2); bytes.append(UInt8(ascii: ":")); put(second, 2)
        bytes.append(UInt8(ascii: ".")); put(ms, 3)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("StoreTime.text is the previous formatter's text, also where ICU's calendar differs (year 1, year > 9999)")
    func storeTimeUnchanged() {
        var seconds: TimeInterval = -62_135_596_800 - 86_400 * 400
        while seconds < 400_000_000_000 {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(StoreTime.text(date) == Self.legacyStoreTime(date), "\(seconds)")
            seconds += 7_777_777.777
        }
    }

    @Test("device wall clock text round-trips", arguments: [
        "2026-11-18T20:30:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2024-02-29T12:00:09", "0999-10-05T01:02:03",
    ])
    func wallClock(_ text: String) throws {
        #expect(try #require(DeviceWallClock(text)).description == text)
    }
}
