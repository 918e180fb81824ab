/// The icon drawn next to each colour's word, as inline SVG in the text colour (`currentColor`),
/// so it needs no font with the right glyphs and keeps the contrast of the text.
/// ✓ green, ! yellow, ‼ red, ↻ grey, i info; ✕ for a value that could not be saved.
enum ToneIcon {
    static func svg(_ tone: DisplayTone) -> String {
        let ring = "<circle cx=\"24\" cy=\"24\" r=\"21\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"4\"/>"
        let glyph: String
        switch tone {
        case .green:
            glyph = "<path d=\"M13 25 L21 33 L36 16\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"5\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"
        case .yellow:
            glyph = "<path d=\"M24 11 V28\" stroke=\"currentColor\" stroke-width=\"6\" stroke-linecap=\"round\"/>"
                + "<circle cx=\"24\" cy=\"36\" r=\"3.5\" fill=\"currentColor\"/>"
        case .red:
            glyph = "<path d=\"M17 11 V28 M31 11 V28\" stroke=\"currentColor\" stroke-width=\"6\" stroke-linecap=\"round\"/>"
                + "<circle cx=\"17\" cy=\"36\" r=\"3.5\" fill=\"currentColor\"/><circle cx=\"31\" cy=\"36\" r=\"3.5\" fill=\"currentColor\"/>"
        case .grey:
            glyph = "<path d=\"M34 17 A12 12 0 1 0 36 27\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"5\" stroke-linecap=\"round\"/>"
                + "<path d=\"M28 15 L36 9 L37 19 Z\" fill=\"currentColor\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linejoin=\"round\"/>"
        case .info:
            glyph = "<circle cx=\"24\" cy=\"13.5\" r=\"3.5\" fill=\"currentColor\"/>"
                + "<path d=\"M24 21 V36\" stroke=\"currentColor\" stroke-width=\"6\" stroke-linecap=\"round\"/>"
        }
        return wrap(ring + glyph)
    }

    /// ✕ in a ring: the value was not saved.
    static let notSaved = wrap(
        "<circle cx=\"24\" cy=\"24\" r=\"21\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"4\"/>"
            + "<path d=\"M16 16 L32 32 M32 16 L16 32\" stroke=\"currentColor\" stroke-width=\"5\" stroke-linecap=\"round\"/>")

    private static func wrap(_ body: String) -> String {
        "<svg class=\"icon\" viewBox=\"0 0 48 48\" aria-hidden=\"true\" focusable=\"false\">\(body)</svg>"
    }
}
