import Foundation
import HealthProfiles
import Testing
@testable import FHIR

/// Bundles of several readings: deduplicated devices, upload time, determinism, retries, privacy,
/// round trips, and decoding what a server answers.
struct TransactionBundleTests {
    @Test func devicesAppearOncePerBundle() throws {
        let first = try Fixtures.bloodPressure()
        var second = try Fixtures.bloodPressure()
        second.measurement = try Fixtures.measurement(.bloodPressureMeasurement, "1682004E005F00E907030E072C0A48000000")
        let weight = try Fixtures.weight()
        let bundle = try Fixtures.bundle([
            (first, Fixtures.bpIdentifier), (second, "C47C8D6A1234-rjh-egenmon-000123-150020-795253450"),
            (weight, Fixtures.weightIdentifier),
        ]).bundle
        let devices = (bundle.entry ?? []).filter { $0.request?.url == "Device" }.compactMap(\.request?.ifNoneExist)
        #expect(devices == [
            "identifier=urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680|B8-27-EB-FF-FE-12-34-56",
            "identifier=http://hl7.org/fhir/sid/eui-48/bluetooth|C4-7C-8D-6A-12-34",
            "identifier=http://hl7.org/fhir/sid/eui-48/bluetooth|D8-0B-CB-11-22-33",
        ])
        // Both BP readings share the connection's coincident timestamp: once.
        #expect(bundle.observations.filter { $0.code.coding?.first?.code == "67975" }.count == 1)
        #expect(bundle.observations.filter { $0.code.coding?.first?.code == "150020" }.count == 2)
        let keys = (bundle.entry ?? []).compactMap(\.request?.ifNoneExist)
        #expect(Set(keys).count == keys.count)
        // 3 devices, 1 coincident timestamp, 2 × (BP, pulse, status), weight/BMI/height, 1 DetectedIssue.
        let expectedCount = 14
        #expect(bundle.entry?.count == expectedCount)
        // Every internal reference points at an entry of the bundle.
        let urls = Set((bundle.entry ?? []).compactMap(\.fullUrl))
        let json = try FHIRJSON.encode(bundle)
        for reference in json.matches(of: /"reference":"(urn:uuid:[0-9a-f-]+)"/) {
            #expect(urls.contains(String(reference.output.1)))
        }
    }

    @Test func sameReadingsAndUploadTimeGiveTheSameBytesAndRetriesTheSameIdentifiers() throws {
        let input = try Fixtures.bloodPressure(assessment: Fixtures.w1)
        let ids = try PhdMapping.identifiers(for: input, phdIdentifier: Fixtures.bpIdentifier)
        // Stored with the outbox row (any JSON coder) and read back at send time.
        let stored = try JSONEncoder().encode(ids)
        let restored = try JSONDecoder().decode(ReadingIdentifiers.self, from: stored)
        #expect(restored == ids)
        let once = try TransactionBundle(readings: [PhdMapping.entries(for: input, identifiers: ids)], uploadTime: Fixtures.uploadTime)
        let again = try TransactionBundle(readings: [PhdMapping.entries(for: input, identifiers: restored)], uploadTime: Fixtures.uploadTime)
        #expect(try once.json(pretty: false) == again.json(pretty: false))
        #expect(try once.json(pretty: true) == again.json(pretty: true))
        // A later retry: only `issued` and the bundle timestamp change.
        let later = try TransactionBundle(
            readings: [PhdMapping.entries(for: input, identifiers: restored)], uploadTime: Fixtures.time(1_741_999_999))
        let strip = { (text: String) in text.replacing(/"(issued|timestamp)":"[^"]*"/, with: "") }
        #expect(try strip(once.json(pretty: false)) == strip(later.json(pretty: false)))
        #expect(try once.json(pretty: false) != later.json(pretty: false))
    }

    @Test func noPatientDataBeyondTheLogicalID() throws {
        let bundle = try Fixtures.bundle([(try Fixtures.bloodPressure(assessment: Fixtures.w1), Fixtures.bpIdentifier)])
        let json = try bundle.json(pretty: false)
        #expect(!json.contains("\"resourceType\":\"Patient\""))
        for field in ["\"name\":", "\"birthDate\"", "\"gender\"", "\"telecom\"", "\"address\"", "performer"] {
            #expect(!json.contains(field), "\(field)")
        }
        // The id appears only as Patient/<id> or inside conditional-create identifiers.
        let withoutAllowed = json
            .replacing("\"Patient/\(Fixtures.patient)\"", with: "")
            .replacing(/C47C8D6A1234-rjh-egenmon-000123-\d+-[r0-9.]+/, with: "")
        #expect(!withoutAllowed.contains(Fixtures.patient))
        #expect(json.contains("\"subject\":{\"reference\":\"Patient/\(Fixtures.patient)\"}"))
    }

    @Test func encodeDecodeRoundTrip() throws {
        let bundle = try Fixtures.bundle([
            (try Fixtures.bloodPressure(assessment: Fixtures.w1), Fixtures.bpIdentifier), (try Fixtures.weight(), Fixtures.weightIdentifier),
        ]).bundle
        for pretty in [false, true] {
            let text = try FHIRJSON.encode(bundle, pretty: pretty)
            let decoded = try FHIRJSON.decode(FHIRBundle.self, from: text)
            #expect(decoded == bundle)
            #expect(try FHIRJSON.encode(decoded, pretty: pretty) == text)
        }
        #expect(try FHIRJSON.encode(bundle, pretty: false).contains("\"value\":84.600,"))
    }

    /// The reference examples (reference/fhir-examples/bundle-*.json, written by hand) decode, and
    /// re-encode to the same JSON document.
    @Test(arguments: ["bundle-bp.json", "bundle-weight.json"])
    func referenceBundlesDecode(_ name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../fixtures/fhir/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let bundle = try FHIRJSON.decode(FHIRBundle.self, from: text)
        #expect(bundle.type == "transaction")
        #expect(bundle.entry?.count == (name == "bundle-bp.json" ? 6 : 6))
        #expect(try FHIRJSON.node(bundle) == JSONNode.parse(text).sortedLikeReference(FHIRJSON.node(bundle)))
    }

    /// A transaction-response as R4 defines it (bundle-response example shape, hand-written): one
    /// entry created, one that the conditional create found (200), one failed with an OperationOutcome.
    @Test func decodesTransactionResponse() throws {
        let text = """
        {"resourceType":"Bundle","id":"b1","type":"transaction-response","entry":[
          {"response":{"status":"201 Created","location":"Observation/123/_history/1","etag":"W/\\"1\\"",
                       "lastModified":"2025-03-14T06:42:32.001Z"}},
          {"response":{"status":"200 OK","location":"Device/7/_history/3"}},
          {"response":{"status":"412 Precondition Failed","outcome":{"resourceType":"OperationOutcome",
            "issue":[{"severity":"error","code":"duplicate","diagnostics":"Multiple resources match identifier",
                      "expression":["Observation.identifier"]}]}}},
          {"fullUrl":"http://store/Observation/9","resource":{"resourceType":"Patient","id":"9","active":true},
           "response":{"status":"201"}}
        ]}
        """
        let bundle = try FHIRJSON.decode(FHIRBundle.self, from: text)
        #expect(bundle.type == "transaction-response")
        let responses = (bundle.entry ?? []).compactMap(\.response)
        #expect(responses.map(\.statusCode) == [201, 200, 412, 201])
        #expect(responses[0].location == "Observation/123/_history/1")
        guard case .operationOutcome(let outcome)? = responses[2].outcome else {
            Issue.record("no OperationOutcome")
            return
        }
        #expect(outcome.hasErrors)
        #expect(outcome.issue.first?.code == "duplicate")
        #expect(outcome.issue.first?.expression == ["Observation.identifier"])
        #expect(bundle.entry?[3].resource?.resourceType == "Patient", "unmodelled resources are kept")
        #expect(try FHIRJSON.encode(bundle).contains("\"active\":true"))
    }

    @Test func decodesOperationOutcome() throws {
        let text = """
        {"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"processing",
          "details":{"text":"Unknown profile"}},{"severity":"information","code":"informational"}]}
        """
        let resource = try FHIRJSON.decode(Resource.self, from: text)
        guard case .operationOutcome(let outcome) = resource else {
            Issue.record("decoded as \(resource.resourceType)")
            return
        }
        #expect(!outcome.hasErrors)
        #expect(outcome.issue.map(\.severity) == ["warning", "information"])
        #expect(outcome.issue[0].details?.text == "Unknown profile")
    }

    @Test("malformed server bodies are errors, not crashes", arguments: [
        "", "{", "[]", "{\"resourceType\":\"Bundle\"}", "{\"resourceType\":\"Bundle\",\"type\":7}",
        "{\"resourceType\":\"Bundle\",\"type\":\"x\",\"entry\":[{\"response\":{}}]}",
    ])
    func malformedBodies(_ text: String) {
        #expect(throws: (any Error).self) { try FHIRJSON.decode(FHIRBundle.self, from: text) }
    }
}

extension JSONNode {
    /// This document with each object's members in the order of `model`'s matching object (the
    /// reference files order some members differently; the content must be the same).
    func sortedLikeReference(_ model: JSONNode) -> JSONNode {
        switch (self, model) {
        case (.object(let members), .object(let order)):
            let keys = order.map(\.key)
            let sorted = members.sorted { (keys.firstIndex(of: $0.key) ?? .max) < (keys.firstIndex(of: $1.key) ?? .max) }
            return .object(sorted.map { member in
                Member(member.key, member.value.sortedLikeReference(model[member.key] ?? member.value))
            })
        case (.array(let items), .array(let order)) where items.count == order.count:
            return .array(zip(items, order).map { $0.sortedLikeReference($1) })
        default: return self
        }
    }
}
