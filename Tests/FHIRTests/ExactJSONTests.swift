import Foundation
import HealthProfiles
import Testing
@testable import FHIR

/// Exact decimals, deterministic JSON, and the hashes behind the fullUrls.
struct ExactJSONTests {
    /// PHD IG input/pagecontent/FLOATS.md, "SFLOAT Encoding" table (exponent, mantissa → FHIR
    /// encoding), plus the brief's 7240 × 10⁻² → 72.40 and small/negative values.
    @Test("device precision is kept: no digits added or lost", arguments: [
        (2, 0, "2"), (20, -1, "2.0"), (200, -2, "2.00"), (2, 1, "20"), (2, 2, "200"), (200, 0, "200"), (1234, 0, "1234"),
        (-1234, 0, "-1234"), (7240, -2, "72.40"), (5, -3, "0.005"), (-16, -1, "-1.6"), (0, -2, "0.00"), (84600, -3, "84.600"),
    ])
    func exactDecimal(_ mantissa: Int, _ exponent: Int, _ text: String) throws {
        let decimal = FHIRDecimal(ExactDecimal(significand: Int64(mantissa), exponent: exponent))
        #expect(decimal.text == text)
        let quantity = Quantity(value: decimal, unit: "kg", system: "http://unitsofmeasure.org", code: "kg")
        let json = try FHIRJSON.encode(quantity)
        #expect(json == "{\"value\":\(text),\"unit\":\"kg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"kg\"}")
        #expect(try FHIRJSON.decode(Quantity.self, from: json) == quantity, "decoding keeps the text")
    }

    @Test func doublesOfTheHubAreShortestText() {
        #expect(FHIRDecimal(2.0)?.text == "2.0")
        #expect(FHIRDecimal(0.45359237)?.text == "0.45359237")
        #expect(FHIRDecimal(1e-5).flatMap { FHIRDecimal(text: $0.text) } != nil, "valid JSON number")
        #expect(FHIRDecimal(Double.nan) == nil)
        #expect(FHIRDecimal(text: "1.") == nil)
        #expect(FHIRDecimal(text: "NaN") == nil)
    }

    @Test func sfloatFromPayloadIsWrittenAt72Point40() throws {
        // SFLOAT 0xE000 | 7240 is not representable (12-bit mantissa); the FLOAT 0xFE001C48 is 7240 × 10⁻².
        let float = MedFloat32(bitPattern: 0xFE00_1C48)
        let decimal = try #require(float.decimal)
        #expect(FHIRDecimal(decimal).text == "72.40")
    }

    @Test("malformed JSON is refused with its offset", arguments: [
        ("", 0), ("{", 1), ("{\"a\":}", 5), ("[1,]", 3), ("01", 2), ("\"\\x\"", 3), ("{} x", 3), ("1.", 2),
    ])
    func malformed(_ text: String, _ offset: Int) {
        #expect(throws: JSONParseError.self) { try JSONNode.parse(text) }
        do {
            _ = try JSONNode.parse(text)
        } catch {
            #expect(error.offset == offset, "\(error)")
        }
    }

    @Test func stringsRoundTripWithEscapes() throws {
        let text = "Mät igen \"nu\"\n\u{01} ✓ 😀"
        var out = ""
        JSONNode.escape(text, into: &out)
        #expect(out == "\"Mät igen \\\"nu\\\"\\n\\u0001 ✓ 😀\"")
        #expect(try JSONNode.parse(out) == .string(text))
        #expect(try JSONNode.parse("\"\\ud83d\\ude00\"") == .string("😀"))
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        #expect(throws: JSONParseError.self) { try JSONNode.parse(String(repeating: "[", count: 100_000)) }
    }

    /// Vectors computed with CPython's hashlib / uuid (uuid5 of NAMESPACE_DNS "python.org" is also
    /// the Python documentation's example).
    @Test("SHA-1 and UUID v5", arguments: [
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"), ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        (String(repeating: "a", count: 1000), "291e9a6c66994949b57ba5e650361e98fc36b1ba"),
    ])
    func sha1(_ message: String, _ digest: String) {
        #expect(NameBasedUUID.sha1(Array(message.utf8)).map { String(format: "%02x", $0) }.joined() == digest)
    }

    @Test func uuidV5() {
        let dns: [UInt8] = [0x6B, 0xA7, 0xB8, 0x10, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8]
        #expect(NameBasedUUID.v5(namespace: dns, name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        #expect(NameBasedUUID.v5(name: PhdObservationIdentifier.system + "|C47C8D6A1234-rjh-egenmon-000123-150020-795253330")
                == "29f4cd83-0370-5270-941f-53ba637883ef")
    }

    /// UTC offsets as FHIR writes them; instants checked with GNU date (`date -d @1741934531.412`).
    @Test("dateTime and instant with offset", arguments: [
        (1_741_934_532.0, 3600, "2025-03-14T07:42:12+01:00", "2025-03-14T07:42:12.000+01:00"),
        (1_741_934_551.412, 3600, "2025-03-14T07:42:31+01:00", "2025-03-14T07:42:31.412+01:00"),
        (1_741_934_551.412, -18_000, "2025-03-14T01:42:31-05:00", "2025-03-14T01:42:31.412-05:00"),
        (951_782_400.0, 0, "2000-02-29T00:00:00+00:00", "2000-02-29T00:00:00.000+00:00"),
        (-1.5, 0, "1969-12-31T23:59:58+00:00", "1969-12-31T23:59:58.500+00:00"),
    ])
    func zonedTime(_ seconds: Double, _ offset: Int, _ dateTime: String, _ instant: String) {
        let time = ZonedTime(date: Date(timeIntervalSince1970: seconds), utcOffsetSeconds: offset)
        #expect(time.dateTime == dateTime)
        #expect(time.instant == instant)
    }
}
