import Foundation
import GRDB
import Testing
@testable import GatewayStore

@Suite("Committing a reading, its assessment and its outbox row")
struct CommitTests {
    @Test("one commit stores reading, assessment, outbox row and alert state; they read back equal")
    func commitStoresEverything() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let reading = Fixture.bp()
        let assessment = Fixture.assessment(.yellow, rules: ["B1"])
        let result = try store.commit(reading: reading, assessment: assessment,
                                      alertState: ["B1": #"{"open":true}"#, "H1": #"{"open":false}"#])
        guard case .stored(let id) = result else { Issue.record("not stored: \(result)"); return }
        let stored = try #require(try store.reading(id: id))
        var expected = reading
        expected.deviceAddress = reading.deviceAddress.uppercased()
        #expect(stored.reading == expected)
        #expect(stored.assessment == assessment)
        #expect(try store.count("outbox") == 1)
        #expect(try store.alertStates(patient: Fixture.patient) == ["B1": #"{"open":true}"#, "H1": #"{"open":false}"#])
    }

    @Test("a failure inside the transaction (bad alert-state JSON, after the outbox insert) stores nothing")
    func failureMidTransactionRollsBack() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        _ = try store.commit(reading: Fixture.bp(systolic: 120), assessment: Fixture.assessment())
        #expect(throws: StoreError.self) {
            try store.commit(reading: Fixture.bp(systolic: 150), assessment: Fixture.assessment(.yellow),
                             alertState: ["B1": "not json"])
        }
        for table in ["reading", "assessment", "outbox"] { #expect(try store.count(table) == 1, "\(table)") }
        #expect(try store.alertStates(patient: Fixture.patient).isEmpty)
        // The same reading commits once the input is fixed: no dedupe key was left behind.
        let retry = try store.commit(reading: Fixture.bp(systolic: 150), assessment: Fixture.assessment(.yellow),
                                     alertState: ["B1": "{}"])
        guard case .stored = retry else { Issue.record("retry not stored: \(retry)"); return }
        #expect(try store.count("outbox") == 2)
    }

    @Test("a constraint failure on the assessment insert rolls the reading back and says so")
    func assessmentConstraintRollsBack() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        var bad = Fixture.assessment()
        bad.parametersJSON = "{broken"
        do {
            _ = try store.commit(reading: Fixture.bp(), assessment: bad)
            Issue.record("commit with invalid JSON succeeded")
        } catch {
            guard case .constraint = error else { Issue.record("expected .constraint, got \(error)"); return }
            #expect(error.description.contains("nothing of this operation was stored"))
        }
        #expect(try store.count("reading") == 0)
        #expect(try store.count("outbox") == 0)
    }

    enum BadInput: String, CaseIterable, Sendable {
        case badDeviceTime, impossibleDate, emptyPatient, nonFiniteValue, badCharacteristic

        func apply(to reading: inout NewReading) {
            switch self {
            case .badDeviceTime: reading.deviceTime = "2026-11-18 20:30"
            case .impossibleDate: reading.deviceTime = "2026-02-30T10:00:00"
            case .emptyPatient: reading.patientID = ""
            case .nonFiniteValue: reading.systolic = .nan
            case .badCharacteristic: reading.characteristic = "blood"
            }
        }
    }

    @Test("invalid input is refused before touching the database", arguments: BadInput.allCases)
    func refusesInvalidInput(_ bad: BadInput) throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        var reading = Fixture.bp()
        bad.apply(to: &reading)
        do {
            _ = try store.commit(reading: reading, assessment: Fixture.assessment())
            Issue.record("\(bad): accepted")
        } catch {
            guard case .invalidInput = error else { Issue.record("\(bad): got \(error)"); return }
        }
        #expect(try store.count("reading") == 0)
    }

    @Test("queries: recent readings newest first, a patient's weights in a range, last time per kind")
    func queries() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let day: TimeInterval = 86_400
        for index in 0..<16 {
            let at = Fixture.base.addingTimeInterval(Double(index) * day)
            _ = try store.commit(reading: Fixture.weight(kg: 80 + Double(index) / 10, effectiveAt: at),
                                 assessment: Fixture.assessment())
        }
        _ = try store.commit(reading: Fixture.weight(kg: 70, effectiveAt: Fixture.base, patient: "pat-0002"),
                             assessment: Fixture.assessment())
        let bpTime = Fixture.base.addingTimeInterval(15 * day + 60)
        _ = try store.commit(reading: Fixture.bp(receivedAt: bpTime), assessment: Fixture.assessment())

        let recent = try store.recentReadings(limit: 2)
        #expect(recent.map(\.reading.kind) == [.bloodPressure, .weight])
        #expect(recent.first?.assessment?.colour == .green)
        #expect(try store.recentReadings(patient: "pat-0002", limit: 10).count == 1)

        let twoWeeks = try store.readings(patient: Fixture.patient, kind: .weight,
                                          from: Fixture.base.addingTimeInterval(2 * day),
                                          to: Fixture.base.addingTimeInterval(16 * day))
        #expect(twoWeeks.count == 14)
        #expect(twoWeeks.first?.reading.weight == 80.2)
        #expect(twoWeeks.map(\.reading.effectiveAt) == twoWeeks.map(\.reading.effectiveAt).sorted())

        let last = try store.lastReadingTimes(patient: Fixture.patient)
        #expect(last[.weight] == Fixture.base.addingTimeInterval(15 * day))
        #expect(last[.bloodPressure] == bpTime)
    }
}
