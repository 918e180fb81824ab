import FHIR
import Foundation
import MonitoringStore
import Testing

/// A region runs several store instances on one PostgreSQL behind a load balancer; a hub that
/// re-sends after a timeout may reach another instance while the first is still committing.
@Suite("Two store instances on one PostgreSQL")
struct TwoInstancesTests {
    @Test("the same reading sent to both instances at once is stored once")
    func sameReadingTwice() async throws {
        let first = try await StoreHarness.start(.postgres)
        let secondStore = try SQLMonitoringStore(location: first.location, logger: quietLogger())
        #expect(try await secondStore.migrate().to == (try await first.store.migrate().to)) // idempotent from either instance
        let second = try await StoreHarness.start(store: secondStore, location: first.location)
        let token = try await first.addHub("hub-1", patients: ["pat-1"])
        let now = Date(timeIntervalSince1970: 1_765_000_000)

        for serial in 1...10 {
            let body = try Readings.bundle([try Readings.weight(patient: "pat-1", serial: serial, at: now.addingTimeInterval(Double(serial) * 60), colour: .yellow)])
            async let a = first.post(body, token: token)
            async let b = second.post(body, token: token)
            let (answerA, answerB) = try await (a, b)
            #expect(answerA.status == 200, "\(answerA.body)")
            #expect(answerB.status == 200, "\(answerB.body)")
            let entriesA = try answerA.bundle().entry ?? []
            let entriesB = try answerB.bundle().entry ?? []
            #expect(entriesA.map { $0.response?.location } == entriesB.map { $0.response?.location })
            // Each entry was created by exactly one of them (the reading's Devices only the first time).
            for (x, y) in zip(entriesA, entriesB) where serial == 1 || !(x.response?.location?.hasPrefix("Device/") ?? false) {
                #expect(Set([x.response?.statusCode, y.response?.statusCode]) == [200, 201])
            }
        }
        #expect(try await first.store.resources(type: "Observation", patient: "pat-1", from: nil, to: nil, limit: 1000).count == 30)
        #expect(try await first.store.resources(type: "DetectedIssue", patient: "pat-1", from: nil, to: nil, limit: 1000).count == 10)
        #expect(try await second.store.worklist(limit: 100).count == 10)
        await second.stop()
        await first.stop()
    }
}
