import FHIR
import Foundation
import MonitoringStore
import Testing

/// The FHIR endpoint over real HTTP on loopback, on SQLite and on PostgreSQL.
@Suite("FHIR ingest", .serialized)
struct IngestTests {
    let now = Date(timeIntervalSince1970: 1_765_000_000)

    @Test("metadata answers a CapabilityStatement", arguments: Backend.allCases)
    func metadata(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let answer = try await harness.get("/fhir/metadata", token: nil)
        #expect(answer.status == 200)
        let statement = try FHIRJSON.decode(CapabilityStatement.self, from: answer.body)
        #expect(statement.fhirVersion == "4.0.1")
        #expect(statement.rest.first?.interaction?.contains { $0.code == "transaction" } == true)
        await harness.stop()
    }

    @Test("the same Bundle twice is stored once; the second time every entry is 200 with the same location", arguments: Backend.allCases)
    func conditionalCreate(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let body = try Readings.bundle([try Readings.weight(patient: "pat-1", serial: 1, at: now, colour: .yellow)])

        let first = try await harness.post(body, token: token)
        #expect(first.status == 200, "\(first.body)")
        let firstEntries = try first.bundle().entry ?? []
        #expect(try first.bundle().type == "transaction-response")
        #expect(!firstEntries.isEmpty)
        #expect(firstEntries.allSatisfy { $0.response?.statusCode == 201 })

        let second = try await harness.post(body, token: token)
        let secondEntries = try second.bundle().entry ?? []
        #expect(secondEntries.allSatisfy { $0.response?.statusCode == 200 })
        #expect(secondEntries.map { $0.response?.location } == firstEntries.map { $0.response?.location })

        let observations = try await harness.store.resources(type: "Observation", patient: "pat-1", from: nil, to: nil, limit: 100)
        #expect(observations.count == 3) // weight, BMI, height: each once
        await harness.stop()
    }

    @Test("urn:uuid references between entries become the ids the store assigned", arguments: Backend.allCases)
    func referencesRewritten(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let answer = try await harness.post(try Readings.bundle([try Readings.weight(patient: "pat-1", serial: 2, at: now, colour: .yellow)]), token: token)
        let locations = Set(try answer.bundle().entry?.compactMap { $0.response?.location } ?? [])
        let issues = try await harness.store.resources(type: "DetectedIssue", patient: "pat-1", from: nil, to: nil, limit: 10)
        #expect(issues.count == 1)
        guard case .detectedIssue(let issue) = try FHIRJSON.decode(Resource.self, from: issues[0]) else { Issue.record("not a DetectedIssue"); return }
        let references = (issue.implicated ?? []).compactMap(\.reference) + [issue.author?.reference].compactMap { $0 }
        #expect(!references.isEmpty)
        for reference in references {
            #expect(!reference.hasPrefix("urn:uuid:"))
            #expect(locations.contains(reference), "\(reference) is not a stored resource")
        }
        await harness.stop()
    }

    @Test("a hub may not write for another hub's patient: 403 and nothing stored", arguments: Backend.allCases)
    func otherHubsPatient(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        _ = try await harness.addHub("hub-2", patients: ["pat-2"])
        let answer = try await harness.post(try Readings.bundle([try Readings.weight(patient: "pat-2", serial: 1, at: now, colour: .yellow)]), token: token)
        #expect(answer.status == 403)
        #expect(try answer.outcome().issue.first?.code == "forbidden")
        #expect(try await harness.store.resources(type: "Observation", patient: "pat-2", from: nil, to: nil, limit: 10).isEmpty)
        let search = try await harness.get("/fhir/Observation?patient=Patient/pat-2", token: token)
        #expect(search.status == 403)
        await harness.stop()
    }

    @Test("no token or an unknown one: 401", arguments: Backend.allCases)
    func unauthenticated(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        _ = try await harness.addHub("hub-1", patients: ["pat-1"])
        let body = try Readings.bundle([try Readings.weight(patient: "pat-1", serial: 1, at: now, colour: .green)])
        #expect(try await harness.post(body, token: nil).status == 401)
        #expect(try await harness.post(body, token: HubToken.generate()).status == 401)
        #expect(try await harness.get("/fhir/DetectedIssue?patient=pat-1", token: "x").status == 401)
        await harness.stop()
    }

    @Test("malformed and wrong bodies get a 4xx OperationOutcome", arguments: Backend.allCases)
    func malformed(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend)
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let bodies = [
            "{not json",
            "",
            "[1,2]",
            #"{"resourceType":"Patient","id":"x"}"#,
            #"{"resourceType":"Bundle","type":"batch","entry":[]}"#,
            #"{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}}]}"#,
            #"{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Observation","status":"final","code":{}},"request":{"method":"DELETE","url":"Observation"}}]}"#,
            #"{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Observation","status":"final","code":{},"identifier":[{"system":"s","value":"v"}]},"request":{"method":"POST","url":"Observation","ifNoneExist":"identifier=s|other"}}]}"#,
            #"{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Observation"},"request":{"method":"POST","url":"Observation"}}]}"#,
            #"{"resourceType":"Bundle","type":"transaction","entry":"nope"}"#,
        ]
        for body in bodies {
            let answer = try await harness.post(body, token: token)
            #expect((400..<500).contains(answer.status), "\(body) → \(answer.status)")
            #expect(try answer.outcome().hasErrors, "\(body)")
        }
        // The server is still there.
        #expect(try await harness.get("/fhir/metadata", token: nil).status == 200)
        await harness.stop()
    }

    @Test("a body over the limit is refused with 413", arguments: Backend.allCases)
    func oversize(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend, configuration: .init(port: 0, maxBodyBytes: 64 << 10))
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let big = #"{"resourceType":"Bundle","type":"transaction","entry":[],"padding":""# + String(repeating: "x", count: 100 << 10) + #""}"#
        let answer = try await harness.post(big, token: token)
        #expect(answer.status == 413)
        await harness.stop()
    }

    @Test("a hub over its rate gets 429 with Retry-After; another hub does not", arguments: Backend.allCases)
    func rateLimit(_ backend: Backend) async throws {
        let harness = try await StoreHarness.start(backend, configuration: .init(port: 0, hubRequestsPerSecond: 0.001, hubBurst: 3))
        let token = try await harness.addHub("hub-1", patients: ["pat-1"])
        let other = try await harness.addHub("hub-2", patients: ["pat-2"])
        for _ in 0..<3 { #expect(try await harness.get("/fhir/DetectedIssue?patient=pat-1", token: token).status == 200) }
        let limited = try await harness.get("/fhir/DetectedIssue?patient=pat-1", token: token)
        #expect(limited.status == 429)
        #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 >= 1)
        #expect(try await harness.get("/fhir/DetectedIssue?patient=pat-2", token: other).status == 200)
        await harness.stop()
    }
}
