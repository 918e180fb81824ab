import Testing
@testable import Display
import HTMLSupport

@Suite("Colour contrast (WCAG 2.x)")
struct ContrastTests {
    /// Provenance: WCAG 2.x definition; black on white is 21:1, white on white 1:1, and
    /// #767676 on white is the well-known 4.54:1 AA boundary grey.
    @Test(arguments: [
        (0x000000 as UInt32, 0xFFFFFF as UInt32, 21.0),
        (0xFFFFFF, 0xFFFFFF, 1.0),
        (0x767676, 0xFFFFFF, 4.54),
    ])
    func knownRatios(a: UInt32, b: UInt32, expected: Double) {
        #expect(abs(RGB.contrast(RGB(a), RGB(b)) - expected) < 0.01)
    }

    /// Every text colour on its background meets AA (4.5:1); the big box even meets AAA (7:1).
    /// Ratios (also in docs/DISPLAY.md): green box 7.87, yellow box 12.05, red box 7.75,
    /// grey box 7.61, page text 16.64, muted text 8.48, message card 15.13.
    @Test func textPairsMeetAA() {
        for pair in Palette.textPairs {
            let ratio = RGB.contrast(pair.foreground, pair.background)
            #expect(ratio >= 4.5, "\(pair.name): \(pair.foreground) on \(pair.background) is \(ratio)")
        }
        for tone in DisplayTone.allCases {
            let colours = Palette.tone(tone)
            #expect(RGB.contrast(colours.foreground, colours.background) >= 7, "\(tone) box below AAA")
        }
    }

    @Test func plotLinesMeetNonTextContrast() {
        for pair in Palette.graphicPairs {
            let ratio = RGB.contrast(pair.foreground, pair.background)
            #expect(ratio >= 3, "\(pair.name): \(ratio)")
        }
    }

    @Test func hexDescription() {
        #expect(RGB(0x1B5E20).description == "#1B5E20")
    }
}
