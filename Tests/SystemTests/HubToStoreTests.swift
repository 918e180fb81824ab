import DBus
import FHIR
import Foundation
import GatewayStore
import Logging
import MonitoringStore
import TestSupport
import Testing

/// The whole system, built executables only: two hubs (`carehubd` on private buses with bluez-sim)
/// forwarding to `carehub-store`, staff acting on the store, and what comes back to the hubs.
/// issue 12's "done when", on SQLite and on PostgreSQL.
@Suite("hub → store → staff → hub", .serialized)
struct HubToStoreTests {
    static let heartGroup = "hjartsvikt-nord"
    static let otherGroup = "kol-syd"

    @Test("a yellow weight gain reaches the worklist and green readings do not; a threshold set by staff changes the hub's next assessment; a group message reaches exactly that group's hub; a hub cannot read or write another hub's patient",
          arguments: StoreBackend.selected)
    func wholeLoop(_ backend: StoreBackend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-system-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let store = try await StoreProcess.start(database: try await backend.makeDatabase(in: directory),
                                                 patients: ["P-A": [HubToStoreTests.heartGroup], "P-B": [Self.otherGroup]])
        let tokenA = try await store.addHub("HUB-A", patients: ["P-A"])
        let tokenB = try await store.addHub("HUB-B", patients: ["P-B"])
        #expect(tokenA.count >= 32 && tokenA != tokenB, "each hub has its own token")

        // Patient A: twelve steady mornings, then +2.2 kg over three days (W1, yellow); one green
        // blood pressure an hour and a half ago. Patient B: one green blood pressure.
        let now = Date()
        let weights = [80.3, 80.3, 80.2, 80.3, 80.4, 80.3, 80.3, 80.0, 80.0, 80.0, 80.0, 80.9, 82.2]
        let morningsA = weights.enumerated().map { index, kg in
            Payloads.weight(kg: kg, at: Payloads.morning(daysBefore: weights.count - 1 - index, now: now))
        }
        let hubA = try await HubProcess.start(
            directory: directory.appendingPathComponent("hub-a"),
            scenario: try Payloads.scenario(cuff: [Payloads.bloodPressure(128, 80, pulse: 68, at: now.addingTimeInterval(-90 * 60))], scale: morningsA),
            storeURL: store.fhirBase, token: tokenA)
        let hubB = try await HubProcess.start(
            directory: directory.appendingPathComponent("hub-b"),
            scenario: try Payloads.scenario(cuff: [Payloads.bloodPressure(122, 78, pulse: 64, at: now.addingTimeInterval(-60 * 60))], scale: nil),
            storeURL: store.fhirBase, token: tokenB)
        var logger = Logger(label: "test.store-reader")
        logger.logLevel = .critical
        let location = try #require(DatabaseLocation(argument: store.database))
        let staff = try SQLMonitoringStore(location: location, connections: 2, logger: logger)

        do {
            try await Self.exercise(store: store, staff: staff, hubA: hubA, hubB: hubB, tokenA: tokenA, now: now)
        } catch {
            Issue.record(error, "hub A's log:\n\(hubA.daemon.error.suffix(4000))\nhub B's log:\n\(hubB.daemon.error.suffix(2000))\nstore's log:\n\(store.server.error.suffix(3000))")
        }
        await staff.shutdown()
        #expect(await hubA.stop() == 0)
        #expect(await hubB.stop() == 0)
        #expect(await store.stop() == 0)
        for log in [hubA.daemon.error, hubB.daemon.error] {
            #expect(!log.contains("P-A") && !log.contains("P-B"), "no patient id in a hub's log at the default level")
            for address in [SimHarness.cuffAddress, SimHarness.scaleAddress] {
                let path = "dev_" + address.replacingOccurrences(of: ":", with: "_")
                #expect(!log.contains(address) && !log.contains(path), "no Bluetooth address in a hub's log at the default level")
            }
        }
    }

    static func exercise(store: StoreProcess, staff: SQLMonitoringStore, hubA: HubProcess, hubB: HubProcess, tokenA: String, now: Date) async throws {
        try await hubA.enrol(SimHarness.scaleAddress, patient: "P-A", passkey: nil)
        try await hubA.enrol(SimHarness.cuffAddress, patient: "P-A", passkey: 246_810)
        try await hubB.enrol(SimHarness.cuffAddress, patient: "P-B", passkey: 246_810)

        // 1. Every reading forwarded; the worklist holds patient A's weight gain and nothing green.
        try await waitUntil("all 14 of hub A's and hub B's reading forwarded", within: 120) {
            let a = try hubA.readings(), b = try hubB.readings()
            guard a.count == 14, b.count == 1 else { return false }
            let forwardedA = try HubStore.openReadOnly(path: hubA.database).forwardedReadingIDs(among: a.map(\.id))
            let forwardedB = try HubStore.openReadOnly(path: hubB.database).forwardedReadingIDs(among: b.map(\.id))
            return forwardedA.count == 14 && forwardedB.count == 1
        }
        let readingsA = try hubA.readings()
        #expect(readingsA.filter { $0.assessment?.colour == .yellow }.count == 1, "exactly one yellow on the hub")
        let observationsA = try await staff.resources(type: "Observation", patient: "P-A", from: nil, to: nil, limit: 1000)
        #expect(observationsA.count >= 14, "every reading of A reached the store, green ones too (\(observationsA.count))")
        let worklist = try await staff.worklist(limit: 100)
        let weightItem = try #require(worklist.first { $0.patientID == "P-A" && $0.rules.contains("W1") }, "the weight gain in the worklist: \(worklist)")
        #expect(weightItem.colour == "yellow")
        #expect(abs(weightItem.occurredAt.timeIntervalSince(Payloads.morning(daysBefore: 0, now: now))) < 1,
                "the item's time is when the patient weighed, not when the hub assessed it: \(weightItem.occurredAt)")
        #expect(!weightItem.detail.isEmpty, "with the hub's reason")
        #expect(weightItem.values.contains { $0.contains("82.2") }, "with the value: \(weightItem.values)")
        #expect(worklist.allSatisfy { $0.colour != "green" })
        #expect(worklist.count == 1, "green readings (A's blood pressure, all of B's) never appear: \(worklist)")

        // 2. Staff lower A's systolic limit; the hub applies it and the same 128/80 is yellow now.
        _ = try await staff.setThresholds(patient: "P-A", values: ["sbp.high_yellow": FHIRDecimal(text: "125")],
                                          by: "nurse-eva", reason: "lägre mål efter läkarbesök", at: Date())
        try await waitUntil("the hub applied the clinic's threshold", within: 60) {
            try HubStore.openReadOnly(path: hubA.database).thresholds(patient: "P-A")["sbp.high_yellow"] == 125
        }
        try await hubA.sim.simControl("TriggerReadings", [.string(SimHarness.cuffAddress),
                                                          .strings(["hex:" + Payloads.bloodPressure(128, 80, pulse: 68, at: Date())])])
        try await hubA.sim.simControl("Advertise", [.string(SimHarness.cuffAddress), .uint32(10_000)])
        try await waitUntil("the new blood pressure stored", within: 60) { try hubA.readings().count == 15 }
        let latest = try #require(try hubA.readings().first { $0.reading.systolic != nil })
        #expect(latest.assessment?.colour == .yellow, "128/80 against the patient's own 125: \(String(describing: latest.assessment))")
        #expect(latest.assessment?.ruleIDs.contains("B1") == true)
        try await waitUntil("the yellow blood pressure in the worklist", within: 60) {
            try await staff.worklist(limit: 100).contains { $0.patientID == "P-A" && $0.rules.contains("B1") }
        }

        // 3. A message to A's group shows on A's display and not on B's; B gets its own message
        // (posted after the group one) to show it has polled past the group message.
        let groupText = "Influensavaccin på torsdag för hjärtsviktsgruppen"
        let ownText = "Hej! Vi ringer dig på fredag."
        _ = try await staff.postMessage(audience: .group(HubToStoreTests.heartGroup), text: groupText, author: "nurse-eva", sender: "Hjärtmottagningen", at: Date())
        _ = try await staff.postMessage(audience: .patient("P-B"), text: ownText, author: "nurse-eva", sender: nil, at: Date().addingTimeInterval(1))
        try await waitUntil("the group message on hub A's display", within: 60) { try await hubA.displayState().contains(groupText) }
        try await waitUntil("B's own message on hub B's display", within: 60) { try await hubB.displayState().contains(ownText) }
        #expect(try await !hubB.displayState().contains(groupText), "B is not in the group")
        #expect(try await !hubA.displayState().contains(ownText), "B's message is B's")

        // 4. A hub cannot read or write another hub's patient.
        let read = try await store.get("/fhir/Communication?recipient=Patient/P-B", token: tokenA)
        #expect(read.status == 403, "hub A reading B's messages: \(read.status)")
        let bundleForB = try await ChildProcess.runChecked(BuiltProduct.path("carehub"),
            ["fhir", "2A9D", Payloads.weight(kg: 70, at: Date()), "--patient", "P-B"])
        let storedForB = try await staff.resources(type: "Observation", patient: "P-B", from: nil, to: nil, limit: 1000).count
        #expect(storedForB >= 1, "B's own reading")
        let write = try await store.request(.POST, "/fhir", body: bundleForB, token: tokenA)
        #expect(write.status == 403, "hub A writing for B: \(write.status) \(write.body.prefix(300))")
        #expect(try await staff.resources(type: "Observation", patient: "P-B", from: nil, to: nil, limit: 1000).count == storedForB,
                "nothing of A's write for B was stored")

    }
}
