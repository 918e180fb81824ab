import Foundation
import GRDB
import Testing
@testable import GatewayStore

@Suite("Per-patient thresholds with audit trail")
struct ThresholdTests {
    @Test("set, change and clear an override; the audit keeps who, when, why and old → new")
    func auditTrail() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let t1 = Fixture.base, t2 = t1.addingTimeInterval(86_400), t3 = t2.addingTimeInterval(86_400)
        try store.setThreshold(patient: Fixture.patient, parameter: "weight.gain_3d_kg", value: 1.5,
                               changedBy: "nurse-anna", reason: "dialysis patient, tighter limit", at: t1)
        try store.setThreshold(patient: Fixture.patient, parameter: "hr.high_red", value: 110,
                               changedBy: "dr-berg", reason: "follow BEAT-HF", at: t1)
        try store.setThreshold(patient: Fixture.patient, parameter: "weight.gain_3d_kg", value: 1.8,
                               changedBy: "dr-berg", reason: "too many alerts", at: t2)
        #expect(try store.thresholds(patient: Fixture.patient) == ["weight.gain_3d_kg": 1.8, "hr.high_red": 110])
        #expect(try store.thresholds(patient: "someone-else").isEmpty)

        try store.clearThreshold(patient: Fixture.patient, parameter: "weight.gain_3d_kg",
                                 changedBy: "dr-berg", reason: "back to default", at: t3)
        #expect(try store.thresholds(patient: Fixture.patient) == ["hr.high_red": 110])

        let history = try store.thresholdHistory(patient: Fixture.patient)
        #expect(history == [
            ThresholdChange(patientID: Fixture.patient, parameter: "weight.gain_3d_kg", oldValue: nil, newValue: 1.5,
                            changedBy: "nurse-anna", changedAt: t1, reason: "dialysis patient, tighter limit"),
            ThresholdChange(patientID: Fixture.patient, parameter: "hr.high_red", oldValue: nil, newValue: 110,
                            changedBy: "dr-berg", changedAt: t1, reason: "follow BEAT-HF"),
            ThresholdChange(patientID: Fixture.patient, parameter: "weight.gain_3d_kg", oldValue: 1.5, newValue: 1.8,
                            changedBy: "dr-berg", changedAt: t2, reason: "too many alerts"),
            ThresholdChange(patientID: Fixture.patient, parameter: "weight.gain_3d_kg", oldValue: 1.8, newValue: nil,
                            changedBy: "dr-berg", changedAt: t3, reason: "back to default"),
        ])
    }

    @Test("a change without who or why, or a non-finite value, is refused and not audited")
    func refusesAnonymousChanges() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        #expect(throws: StoreError.self) {
            try store.setThreshold(patient: Fixture.patient, parameter: "sbp.low_yellow", value: 95,
                                   changedBy: " ", reason: "x", at: Fixture.base)
        }
        #expect(throws: StoreError.self) {
            try store.setThreshold(patient: Fixture.patient, parameter: "sbp.low_yellow", value: 95,
                                   changedBy: "nurse", reason: "", at: Fixture.base)
        }
        #expect(throws: StoreError.self) {
            try store.setThreshold(patient: Fixture.patient, parameter: "sbp.low_yellow", value: .infinity,
                                   changedBy: "nurse", reason: "x", at: Fixture.base)
        }
        #expect(try store.count("threshold_audit") == 0)
    }

    @Test("the audit table is append-only")
    func auditIsAppendOnly() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        try store.setThreshold(patient: Fixture.patient, parameter: "hr.low_red", value: 35,
                               changedBy: "dr", reason: "pacemaker", at: Fixture.base)
        #expect(throws: DatabaseError.self) {
            try store.writer.write { db in try db.execute(sql: "UPDATE threshold_audit SET changed_by = 'x'") }
        }
        #expect(throws: DatabaseError.self) {
            try store.writer.write { db in try db.execute(sql: "DELETE FROM threshold_audit") }
        }
        #expect(try store.thresholdHistory(patient: Fixture.patient).first?.changedBy == "dr")
    }
}
