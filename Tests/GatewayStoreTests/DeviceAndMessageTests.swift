import Foundation
import Testing
@testable import GatewayStore

@Suite("Devices, assignments and clinic messages")
struct DeviceAndMessageTests {
    @Test("only assigned device slots resolve; reassigning ends the previous assignment")
    func assignments() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let t0 = Fixture.base
        let scale = StoredDevice(address: "a4:c1:38:00:00:02", kind: .scale, model: "BC-400", manufacturer: "Acme",
                                 serial: "S1", firmware: "1.0", pairedAt: t0, pairedBy: "tech-1")
        try store.saveDevice(scale)
        #expect(try store.device(address: Fixture.scale)?.model == "BC-400")
        #expect(try store.activeAssignment(address: Fixture.scale, userIndex: 1) == nil)

        try store.assign(address: Fixture.scale, userIndex: 1, patientID: "pat-A", at: t0, by: "tech-1")
        try store.assign(address: Fixture.scale, userIndex: 2, patientID: "pat-B", at: t0, by: "tech-1")
        #expect(try store.activeAssignment(address: Fixture.scale, userIndex: 1)?.patientID == "pat-A")
        #expect(try store.activeAssignment(address: Fixture.scale, userIndex: 2)?.patientID == "pat-B")
        #expect(try store.activeAssignment(address: Fixture.scale, userIndex: 3) == nil)

        try store.assign(address: Fixture.scale, userIndex: 1, patientID: "pat-C", at: t0 + 60, by: "tech-2")
        #expect(try store.activeAssignment(address: Fixture.scale, userIndex: 1)?.patientID == "pat-C")
        let history = try store.assignments(address: Fixture.scale)
        #expect(history.count == 3)
        #expect(history.first?.revokedAt == t0 + 60)

        #expect(try store.revokeAssignment(address: Fixture.scale, userIndex: 2, at: t0 + 120, by: "tech-2"))
        #expect(try store.activeAssignment(address: Fixture.scale, userIndex: 2) == nil)
        #expect(try !store.revokeAssignment(address: Fixture.scale, userIndex: 2, at: t0 + 180, by: "tech-2"))
    }

    @Test("a device-wide assignment covers any user index until a slot is assigned; then only readings without a user")
    func deviceWideAssignment() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        try store.saveDevice(StoredDevice(address: Fixture.cuff, kind: .cuff, pairedAt: Fixture.base, pairedBy: "tech"))
        try store.assign(address: Fixture.cuff, userIndex: nil, patientID: "pat-A", at: Fixture.base, by: "tech")
        #expect(try store.activeAssignment(address: Fixture.cuff, userIndex: nil)?.patientID == "pat-A")
        #expect(try store.activeAssignment(address: Fixture.cuff, userIndex: 1)?.patientID == "pat-A")
        try store.assign(address: Fixture.cuff, userIndex: 2, patientID: "pat-B", at: Fixture.base, by: "tech")
        #expect(try store.activeAssignment(address: Fixture.cuff, userIndex: 2)?.patientID == "pat-B")
        // A guest (user 1, no slot of its own) must not land on the whole-device patient any more.
        #expect(try store.activeAssignment(address: Fixture.cuff, userIndex: 1) == nil)
        #expect(try store.activeAssignment(address: Fixture.cuff, userIndex: nil)?.patientID == "pat-A")
        #expect(try store.readingInputs(for: Fixture.bp(patient: "pat-A", user: 1, address: Fixture.cuff)).assignedPatient == nil)
        #expect(try store.readingInputs(for: Fixture.bp(patient: "pat-B", user: 2, address: Fixture.cuff)).assignedPatient == "pat-B")
        #expect(try store.devices().map(\.kind) == [.cuff])
    }

    @Test("assigning an unknown device is a constraint error")
    func unknownDevice() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        do {
            try store.assign(address: "00:00:00:00:00:09", userIndex: nil, patientID: "p", at: Fixture.base, by: "t")
            Issue.record("assigned an unknown device")
        } catch {
            guard case .constraint = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test("clinic messages: polled twice stored once, shown and acknowledged")
    func messages() throws {
        let dir = try TempDirectory()
        let store = try dir.openStore()
        let first = try store.addMessage(remoteID: "comm-1", scope: .patient(Fixture.patient),
                                         text: "Vi ringer dig i morgon.", receivedAt: Fixture.base)
        let again = try store.addMessage(remoteID: "comm-1", scope: .patient(Fixture.patient),
                                         text: "Vi ringer dig i morgon.", receivedAt: Fixture.base + 60)
        #expect(first == again)
        let news = try store.addMessage(remoteID: nil, scope: .all, text: "Servicefönster i kväll.",
                                        receivedAt: Fixture.base + 120)
        try store.addMessage(remoteID: "comm-2", scope: .group("ward-7"), text: "Hej", receivedAt: Fixture.base + 30)
        #expect(try store.openMessages(limit: 10).map(\.id).first == news)
        try store.markMessageShown(first, at: Fixture.base + 200)
        try store.markMessageShown(first, at: Fixture.base + 300)
        try store.acknowledgeMessage(news, at: Fixture.base + 400)
        let open = try store.openMessages(limit: 10)
        #expect(open.map(\.scope) == [.group("ward-7"), .patient(Fixture.patient)])
        #expect(open.last?.shownAt == Fixture.base + 200)
        #expect(try store.messages(limit: 10).count == 3)
    }
}
