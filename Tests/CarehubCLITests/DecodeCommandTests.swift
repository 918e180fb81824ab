import Foundation
import HealthProfiles
import Testing

/// End-to-end: the real `carehub` binary, its stdout, stderr and exit status.
struct DecodeCommandTests {
    func object(_ output: CarehubProcess.Output) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
        return try #require(parsed as? [String: Any])
    }

    @Test func decodesBloodPressureFromNordicFixture() throws {
        let output = try CarehubProcess.run(["decode", "2A35", "1E8A00580078000000041114293B3C00012700"])
        #expect(output.status == 0)
        #expect(output.stderr.isEmpty)
        #expect(output.stdout.hasSuffix("\n"))
        #expect(output.stdout.split(separator: "\n").count == 1, "one JSON object on one line")
        let json = try object(output)
        #expect(json["characteristic"] as? String == "2A35")
        #expect(json["type"] as? String == "blood_pressure")
        #expect(json["unit"] as? String == "mmHg")
        #expect((json["systolic"] as? NSNumber)?.intValue == 138)
        #expect(json["timestamp"] is NSNull, "year 0 = unknown date")
        let status = try #require(json["measurement_status"] as? [String: Any])
        #expect(status["pulse_rate_range"] as? String == "within")
    }

    @Test func exactDecimalsAndCharacteristicSpellings() throws {
        for spelling in ["2A35", "0x2A35", "2a35", "blood-pressure-measurement"] {
            let output = try CarehubProcess.run(["decode", spelling, "15 BD:F0 0B 00 9F F0 3C 00 12 00"])
            #expect(output.status == 0, "\(spelling)")
            #expect(output.stdout.contains("\"systolic\":18.9,"), "18.9 exactly, not 18.899999")
            #expect(output.stdout.contains("\"mean_arterial_pressure\":15.9"))
        }
        let lower = try CarehubProcess.run(["decode", "0x2a9d", "0x08b036f500d606"])
        #expect(lower.stdout == "{\"characteristic\":\"2A9D\",\"type\":\"weight\",\"unit\":\"kg\",\"weight\":70,"
            + "\"measurement_unsuccessful\":false,\"bmi\":24.5,\"height\":1.75,\"height_unit\":\"m\"}\n")
    }

    @Test func specialsPrintAsStrings() throws {
        let output = try CarehubProcess.run(["decode", "2A35", "00FE0702080108"])
        let json = try object(output)
        #expect(json["systolic"] as? String == "+INF")
        #expect(json["diastolic"] as? String == "-INF")
        #expect(json["mean_arterial_pressure"] as? String == "reserved")
    }

    @Test func weightUnsuccessfulLeavesWeightOut() throws {
        let json = try object(try CarehubProcess.run(["decode", "weight-measurement", "00FFFF"]))
        #expect(json["weight"] == nil)
        #expect(json["measurement_unsuccessful"] as? Bool == true)
    }

    static let malformed: [(String, String, String)] = [
        ("2A35", "010203040506", "field 'mean_arterial_pressure' needs 2 bytes at byte offset 5"),
        ("2A35", "0078005000FF0700", "1 unexpected byte after the last field, at byte offset 7"),
        ("2A19", "65", "field 'battery_level' has reserved value 101"),
        ("2A08", "E8070D01000000", "field 'date_time.month' is out of range (13) at byte offset 2"),
        ("2A35", "1E8G", "character 'G' at position 3 is not a hex digit"),
        ("2A35", "1E8", "odd number"),
    ]

    @Test(arguments: malformed)
    func malformedInputFailsWithStatusOne(characteristic: String, hex: String, message: String) throws {
        let output = try CarehubProcess.run(["decode", characteristic, hex])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty, "nothing on stdout")
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test func unknownCharacteristicIsAUsageError() throws {
        let output = try CarehubProcess.run(["decode", "2A99", "00"])
        #expect(output.status != 0)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("unknown characteristic"))
    }

    @Test func helpDocumentsNamesFieldsSpecialsAndExitCodes() throws {
        let output = try CarehubProcess.run(["decode", "--help"])
        #expect(output.status == 0)
        for word in ["blood-pressure-measurement", "weight-measurement", "systolic", "mean_arterial_pressure",
                     "measurement_unsuccessful", "multiple_packet", "timestamp", "NRes", "+INF", "EXIT STATUS", "kPa"] {
            #expect(output.stdout.contains(word), "--help should mention \(word)")
        }
    }

    @Test func everyValidFixtureOfEachFileDecodesThroughTheBinary() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/payloads")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 10)
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            // The first valid and first invalid entry of each file, to keep the process count small.
            if let valid = entries.first(where: { $0["expected"] != nil }),
               let characteristic = valid["characteristic"] as? String, let hex = valid["hex"] as? String {
                let output = try CarehubProcess.run(["decode", characteristic, hex])
                #expect(output.status == 0, "\(valid["id"] ?? file)")
                let expected = try #require(valid["expected"] as? [String: Any])
                let actual = try object(output)
                #expect(Set(actual.keys) == Set(expected.keys), "\(valid["id"] ?? file)")
            }
            if let invalid = entries.first(where: { $0["error"] != nil }),
               let characteristic = invalid["characteristic"] as? String, let hex = invalid["hex"] as? String,
               let message = invalid["error"] as? String {
                let output = try CarehubProcess.run(["decode", characteristic, hex])
                #expect(output.status == 1)
                #expect(output.stderr.contains(message), "\(invalid["id"] ?? file)")
            }
        }
    }
}
