import Foundation
import HealthProfiles
import Testing
@testable import FHIR

/// An upload spliced from rendered entries is exactly the bytes of `TransactionBundle`'s encoding.
struct RenderedEntryTests {
    @Test func aSplicedUploadIsTheBytesOfTheEncodedBundle() throws {
        let readings = try Fixtures.mixedReadings()
        let rendered = try readings.map { try $0.map(RenderedEntry.init) }
        for upload in [Fixtures.uploadTime, Fixtures.time(1_741_999_999.5, offset: -18_000)] {
            let expected = TransactionBundle(readings: readings, uploadTime: upload)
            let spliced = try TransactionBundle.compactJSON(rendered: rendered, uploadTime: upload)
            #expect(String(decoding: spliced.utf8, as: UTF8.self) == (try expected.json(pretty: false)))
            #expect(spliced.entryCount == expected.bundle.entry?.count)
        }
        // Only Observations other than the coincident timestamp take the upload time.
        let takeIssued = readings.joined().filter { entry in
            if case .observation(let observation)? = entry.resource { TransactionBundle.takesUploadTime(observation) } else { false }
        }
        #expect(!takeIssued.isEmpty)
        #expect(rendered.joined().filter { $0.issuedOffset != nil }.count == takeIssued.count)
        #expect(rendered.joined().allSatisfy { $0.isSpliceable })
        let none = try TransactionBundle.compactJSON(rendered: [], uploadTime: Fixtures.uploadTime)
        #expect(String(decoding: none.utf8, as: UTF8.self) == (try TransactionBundle(readings: [], uploadTime: Fixtures.uploadTime).json(pretty: false)))
    }

    @Test func renderedEntriesSurviveBeingStoredAsJSON() throws {
        var input = try Fixtures.bloodPressure(assessment: Fixtures.w1)
        input.device.manufacturer = "Ström \"Medical\"\r\n\u{1}"
        let entries = try PhdMapping.entries(
            for: input, identifiers: try PhdMapping.identifiers(for: input, phdIdentifier: Fixtures.bpIdentifier))
        let rendered = try entries.map(RenderedEntry.init)
        let stored = try FHIRJSON.encode(rendered)
        let restored = try FHIRJSON.decode([RenderedEntry].self, from: stored)
        #expect(restored == rendered)
        #expect(try TransactionBundle.compactJSON(rendered: [restored], uploadTime: Fixtures.uploadTime).utf8
            == Array(TransactionBundle(readings: [entries], uploadTime: Fixtures.uploadTime).json(pretty: false).utf8))
    }

    @Test func aDamagedOffsetIsRefused() throws {
        let entries = try Fixtures.mixedReadings()[0]
        var rendered = try entries.map(RenderedEntry.init)
        let index = try #require(rendered.firstIndex { $0.issuedOffset != nil })
        for offset in [0, 5, -1, rendered[index].json.utf8.count, 1_000_000] {
            rendered[index].issuedOffset = offset
            #expect(!rendered[index].isSpliceable)
            #expect(throws: TransactionBundle.SpliceError()) {
                try TransactionBundle.compactJSON(rendered: [rendered], uploadTime: Fixtures.uploadTime)
            }
        }
    }
}
