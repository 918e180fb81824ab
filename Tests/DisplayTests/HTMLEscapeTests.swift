import Testing
@testable import Display
import HTMLSupport

@Suite("HTML escaping")
struct HTMLEscapeTests {
    /// Provenance: the five characters the HTML spec's attribute and text states treat specially,
    /// plus control characters, which are not allowed in HTML documents.
    @Test(arguments: [
        ("plain text", "plain text"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b", "a &amp; b"),
        ("\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;"),
        ("&amp;", "&amp;amp;"),
        ("x\" onload=\"evil()", "x&quot; onload=&quot;evil()"),
        ("nul\u{0}bell\u{7}c1\u{85}", "nul\u{FFFD}bell\u{FFFD}c1\u{FFFD}"),
        ("tab\tline\nret\r", "tab\tline\nret\r"),
        ("Värdet ser bra ut. ✓ ‼ 74,2 kg", "Värdet ser bra ut. ✓ ‼ 74,2 kg"),
        ("", ""),
    ])
    func escapes(input: String, expected: String) {
        #expect(HTML.escape(input) == expected)
    }

    @Test("a hostile clinic message cannot open a tag in the rendered page")
    func hostileMessageStaysText() {
        var state = DisplayState(trends: Fixtures.trends)
        state.messages = [DisplayMessage(id: "\"><img src=x>", text: "</p><script>x()</script>", sent: Fixtures.now, sentText: "<b>nu</b>")]
        let html = PageRenderer.page(state, nonce: "abc")
        #expect(!html.contains("<script>x()"))
        #expect(!html.contains("<img src=x>"))
        #expect(html.contains("&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;"))
        #expect(html.contains("&lt;b&gt;nu&lt;/b&gt;"))
        // exactly one script element: the page's own
        #expect(html.components(separatedBy: "<script").count == 2)
    }
}
