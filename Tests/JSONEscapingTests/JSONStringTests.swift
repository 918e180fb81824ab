import Foundation
import Testing
import JSONEscaping

@Suite("JSONString: the one JSON string escaper")
struct JSONStringTests {
    @Test("escapes quotes, backslashes and control characters; keeps non-ASCII", arguments: [
        ("plain", #""plain""#),
        ("quote\"back\\slash", #""quote\"back\\slash""#),
        ("tab\tnew\nline\r", #""tab\tnew\nline\r""#),
        ("\u{01}\u{1F}", #""\u0001\u001f""#),
        ("Värdet ✓", "\"Värdet ✓\""),
        ("", #""""#),
    ])
    func escapes(text: String, expected: String) {
        #expect(JSONString.quoted(text) == expected)
    }

    @Test("what it writes decodes back to the same string")
    func roundTrips() throws {
        let strings = ["W1", "B1", "quote\"back\\slash", "tab\tnew\nline\u{01}", "Värdet", "\u{7F}\u{2028}"]
        let text = JSONString.array(strings)
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == strings)
        #expect(JSONString.array([]) == "[]")
        var out = "x"
        JSONString.append("y", to: &out)
        #expect(out == "x\"y\"")
    }
}
