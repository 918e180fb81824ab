import FHIR
import Forwarding
import Foundation
import Gateway
import GatewayStore
import HealthProfiles
import Logging
import ReadingPath
import Testing

/// carehubd's Bundle builder over real outbox rows (SQLite): rows stored with rendered entries and
/// rows of the older form (entries as JSON objects, committed before an upgrade) are sent as the
/// same bytes the FHIR target's `TransactionBundle` encodes, in one Bundle when they share a batch.
struct ForwardingBundlesTests {
    static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .current
    static let uploadTime = Date(timeIntervalSince1970: 1_795_000_500.25)

    /// The form rows had before the entries were rendered at commit (ReadingPath's Stored then).
    struct OlderStored: Encodable {
        var identifiers: ReadingIdentifiers
        var entries: [FHIRBundle.Entry]
    }

    /// A cuff reading as the pipeline maps it at commit; `deviates` adds the assessment (DetectedIssue).
    static func mapped(_ n: Int, deviates: Bool) throws -> (NewReading, ReadingIdentifiers, [FHIRBundle.Entry]) {
        let at = Date(timeIntervalSince1970: 1_795_000_000 + Double(n) * 60)
        let phd = "A4C138000001-pat-0001-150020-\(n)"
        let systolic = UInt8(deviates ? 170 : 120)
        let assessment = deviates
            ? ReadingAssessment(
                colour: .yellow, ruleIDs: ["B2"], ruleSetVersion: "test", parameters: [], text: "Högt \"värde\"",
                assessedAt: ZonedTime(date: at, utcOffsetSeconds: 3600))
            : nil
        let input = ReadingInput(
            measurement: try decode(.bloodPressureMeasurement, [0x04, systolic, 0x00, 0x50, 0x00, 0x5D, 0x00, 0x48, 0x00]),
            patientID: "pat-0001",
            device: PhdDeviceInfo(address: "A4:C1:38:00:00:01", manufacturer: "Ström Medical", modelNumber: "BP-1"),
            hub: HubInfo(bluetoothAddress: "", systemID: "3D1219C7C4C5404A", modelNumber: "CareHub hub"),
            effective: ZonedTime(date: at, utcOffsetSeconds: 3600), assessment: assessment)
        let identifiers = try PhdMapping.identifiers(for: input, phdIdentifier: phd)
        let reading = NewReading(
            deviceAddress: "A4:C1:38:00:00:01", userIndex: 1, patientID: "pat-0001", characteristic: "2A35",
            kind: .bloodPressure, systolic: Double(systolic), diastolic: 80, pressureUnit: "mmHg", raw: [0x04, UInt8(n)],
            deviceTime: nil, receivedAt: at, effectiveAt: at, phdIdentifier: phd, connectionID: "c-\(n)")
        return (reading, identifiers, try PhdMapping.entries(for: input, identifiers: identifiers))
    }

    /// Commits rows with the given stored texts and returns them as the forwarder reads them.
    static func outbox(_ rows: [(NewReading, String)]) throws -> [OutboxItem] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-bundles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HubStore.open(path: directory.appendingPathComponent("hub.sqlite").path, logger: Logger(label: "test"))
        defer { try? store.close() }
        let assessment = NewAssessment(
            colour: .green, ruleIDs: ["B1"], parametersJSON: "{}", observationsJSON: "{}", rulesetVersion: "test",
            textSV: "Bra", textEN: "Good", priority: .none, newAlert: false)
        for (reading, json) in rows {
            _ = try store.commit(reading: reading, assessment: assessment, identifiersJSON: json)
        }
        return try store.pendingOutbox(limit: 100, now: .distantFuture)
    }

    @Test func rowsOfBothFormsAreSentAsTheBytesOfTheEncodedBundle() throws {
        let readings = try (0..<4).map { try Self.mapped($0, deviates: $0 == 2) }
        let rows = try readings.enumerated().map { index, reading in
            let (row, identifiers, entries) = reading
            let json = index.isMultiple(of: 2)
                ? try FHIRJSON.encode(OlderStored(identifiers: identifiers, entries: entries))
                : try ForwardedResources.Stored(identifiers: identifiers, entries: entries).json()
            return (row, json)
        }
        let items = try Self.outbox(rows)
        #expect(items.count == 4)
        #expect(items[1].identifiersJSON.contains(#""rendered":["#) && !items[0].identifiersJSON.contains(#""rendered""#))
        let builder = ForwardingBundles.builder(timeZone: Self.stockholm) { Self.uploadTime }
        let bundle = try builder.bundle(for: items)
        let expected = FHIR.TransactionBundle(
            readings: readings.map(\.2), uploadTime: ZonedTime(date: Self.uploadTime, utcOffsetSeconds: 3600))
        #expect(String(decoding: bundle.body, as: UTF8.self) == (try expected.json(pretty: false)))
        #expect(bundle.entryCount == expected.bundle.entry?.count)
        // Each form alone too (the Devices then come from that row).
        for item in items {
            #expect(try builder.bundle(for: [item]).entryCount > 2)
        }
    }

    @Test func aResendDiffersOnlyInTheUploadTime() throws {
        let (row, identifiers, entries) = try Self.mapped(7, deviates: true)
        let items = try Self.outbox([(row, try ForwardedResources.Stored(identifiers: identifiers, entries: entries).json())])
        let first = try ForwardingBundles.builder(timeZone: Self.stockholm) { Self.uploadTime }.bundle(for: items)
        let later = try ForwardingBundles.builder(timeZone: Self.stockholm) { Self.uploadTime + 86_400 }.bundle(for: items)
        let strip = { (body: [UInt8]) in String(decoding: body, as: UTF8.self).replacing(/"(issued|timestamp)":"[^"]*"/, with: "") }
        #expect(first.body != later.body)
        #expect(strip(first.body) == strip(later.body))
    }

    @Test func rowsWithoutUsableResourcesAreUnmappable() throws {
        let (row, identifiers, entries) = try Self.mapped(9, deviates: false)
        var damaged = try ForwardedResources.Stored(identifiers: identifiers, entries: entries)
        let index = try #require(damaged.rendered?.firstIndex { $0.issuedOffset != nil })
        damaged.rendered?[index].issuedOffset = 3
        let items = try Self.outbox([
            (row, try damaged.json()),
            (try Self.mapped(10, deviates: false).0, "{}"),
            (try Self.mapped(11, deviates: false).0, #"{"identifiers":\#(try FHIRJSON.encode(identifiers))}"#),
        ])
        #expect(items.count == 3)
        let builder = ForwardingBundles.builder(timeZone: Self.stockholm) { Self.uploadTime }
        for item in items {
            #expect(throws: UnmappableReading.self) { try builder.bundle(for: [item]) }
        }
    }
}
