import Foundation
import Testing

/// End-to-end: the real `carehub fhir`, its stdout, stderr and exit status.
struct FHIRCommandTests {
    /// reference/fhir-phd.md §9a payload: SYS 128, DIA 78, MAP 95 at 2025-03-14 07:42:10, pulse 72, irregular pulse.
    static let bp = ["fhir", "2A35", "1680004E005F00E907030E072A0A48000400", "--patient", "rjh-egenmon-000123",
                     "--device", "c4:7c:8d:6a:12:34"]

    @Test func printsTheTransactionBundle() throws {
        let output = try CarehubProcess.run(Self.bp)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.isEmpty)
        #expect(output.stdout.hasPrefix("{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"transaction\","), "pretty JSON")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let entries = try #require(json["entry"] as? [[String: Any]])
        let urls = entries.compactMap { ($0["request"] as? [String: Any])?["url"] as? String }
        #expect(urls == ["Device", "Device", "Observation", "Observation", "Observation"])
        // The identifier timestamp is the cuff's own clock: 795253330 s since 2000.
        #expect(output.stdout.contains("\"ifNoneExist\": \"identifier=http://hl7.org/fhir/uv/phd/StructureDefinition/"
            + "PhdBaseObservation|C47C8D6A1234-rjh-egenmon-000123-150020-795253330\""))
        // Europe/Stockholm is CET (+01:00) on 14 March.
        #expect(output.stdout.contains("\"effectiveDateTime\": \"2025-03-14T07:42:10+01:00\""))
        #expect(output.stdout.contains("\"code\": \"8410608.2\""))
    }

    @Test func timeZoneOption() throws {
        let output = try CarehubProcess.run(Self.bp + ["--time-zone", "America/New_York"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("\"effectiveDateTime\": \"2025-03-14T07:42:10-04:00\""), "EDT since 9 March")
        #expect(output.stdout.contains("C47C8D6A1234-rjh-egenmon-000123-150020-795253330"), "the device's clock, whatever the zone")
    }

    @Test func exactDecimalsReachTheOutput() throws {
        let output = try CarehubProcess.run(["fhir", "2A1C", "06B00E00FEDC070C050B321B04", "--patient", "p-1"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("\"value\": 37.60,"), "FLOAT 3760 × 10⁻² keeps its two decimals")
    }

    @Test("malformed payloads and values that are not readings exit 1", arguments: [
        ("2A35", "0102", "field 'systolic' needs 2 bytes"),
        ("2A35", "1E8G", "is not a hex digit"),
        ("2A19", "64", "battery_level is not a reading CareHub forwards"),
        ("2A36", "00B5F425F33C00", "is not a reading CareHub forwards"),
    ])
    func failures(_ characteristic: String, _ hex: String, _ message: String) throws {
        let output = try CarehubProcess.run(["fhir", characteristic, hex, "--patient", "p-1"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test("usage errors exit 64", arguments: [
        (["--patient", "19121212-1212"], "personal identity number"),
        (["--patient", "has space"], "patient id"),
        (["--patient", "p-1", "--device", "C4:7C"], "is not a Bluetooth address"),
        (["--patient", "p-1", "--time-zone", "Mars/Olympus"], "is not a time zone"),
        (["--patient", "p-1", "--device", "00:00:00:00:00:00"], "must differ"),
        ([], "--patient"),
    ])
    func usageErrors(_ options: [String], _ message: String) throws {
        let output = try CarehubProcess.run(["fhir", "2A35", "00B5F425F33C00"] + options)
        #expect(output.status == 64)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test func unknownCharacteristicIsAUsageErrorAsForDecode() throws {
        let output = try CarehubProcess.run(["fhir", "2A99", "00", "--patient", "p-1"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("unknown characteristic"))
    }
}
