import Foundation
import HealthProfiles
import Testing
@testable import FHIR

/// The text encoder writes exactly what rendering the node tree gives, without the tree.
struct JSONTextEncoderTests {
    @Test func textEncoderWritesWhatTheNodeTreeRenders() throws {
        let bundle = TransactionBundle(readings: try Fixtures.mixedReadings(), uploadTime: Fixtures.uploadTime).bundle
        for pretty in [false, true] {
            #expect(try FHIRJSON.encode(bundle, pretty: pretty) == FHIRJSON.node(bundle).rendered(pretty: pretty))
        }
        // A resource CareHub does not model, kept as its JSON, nested at depth.
        let other = try FHIRJSON.decode(FHIRBundle.self, from: #"""
            {"resourceType":"Bundle","type":"batch-response","entry":[{"resource":{"resourceType":"Patient","name":[{"text":"A \"B\"\n"}],"x":[],"y":{},"n":1.50}}]}
            """#)
        for pretty in [false, true] {
            #expect(try FHIRJSON.encode(other, pretty: pretty) == FHIRJSON.node(other).rendered(pretty: pretty))
        }
        #expect(try FHIRJSON.encode(other).contains(#""n":1.50"#), "numbers keep their text")
    }

    @Test("strings are escaped as the node tree escapes them", arguments: [
        "plain", "", "quote \" and backslash \\", "line\nfeed\r\n\ttab", "\u{1}\u{1F}\u{7F}", "Ström 72 °C ✓ 👍🏽", "e\u{301}\r\n",
    ])
    func escaping(_ text: String) throws {
        // RFC 8259 escaping, scalar by scalar (what the node tree did before it copied runs whole).
        var expected = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": expected += "\\\""
            case "\\": expected += "\\\\"
            case "\n": expected += "\\n"
            case "\r": expected += "\\r"
            case "\t": expected += "\\t"
            case _ where scalar.value < 0x20: expected += "\\u" + String(format: "%04x", scalar.value)
            default: expected.unicodeScalars.append(scalar)
            }
        }
        expected += "\""
        let coding = Coding(system: text, code: "c", display: text)
        #expect(try FHIRJSON.encode(coding) == #"{"system":\#(expected),"code":"c","display":\#(expected)}"#)
        #expect(try FHIRJSON.encode(coding) == FHIRJSON.node(coding).rendered(pretty: false))
        #expect(try FHIRJSON.decode(Coding.self, from: FHIRJSON.encode(coding)) == coding, "parsed back")
    }

    @Test("strings parse with and without escapes", arguments: [
        (#""plain ✓""#, "plain ✓"), (#""""#, ""), (#""a\u00e9\ud83d\udc4d\/\b\f\"\\x""#, "aé👍/\u{8}\u{C}\"\\x"),
        (#""ends with an escape\n""#, "ends with an escape\n"), (#""\r\nStröm""#, "\r\nStröm"),
    ])
    func parsedStrings(_ json: String, _ value: String) throws {
        #expect(try JSONNode.parse(json) == .string(value))
    }

    /// What a stream cannot write the way a tree would is an error, not different JSON.
    @Test func aKeyEncodedTwiceIsAnError() {
        struct Twice: Encodable {
            enum Key: String, CodingKey { case a }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(1, forKey: .a)
                try container.encode(2, forKey: .a)
            }
        }
        #expect(throws: EncodingError.self) { try FHIRJSON.encode(Twice()) }
    }
}
