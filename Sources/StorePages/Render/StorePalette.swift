import HTMLSupport

/// The staff pages' colours. `StorePagesContrastTests` checks every text pair against WCAG AA
/// (4.5:1) and every chart line against 3:1; the colour words make colour never the only signal.
enum StorePalette {
    static let page = RGB(0xFFFFFF)
    static let text = RGB(0x1A1A1A)
    static let mutedText = RGB(0x4A4A4A)
    static let nav = RGB(0x1F3A5F)
    static let navText = RGB(0xFFFFFF)
    static let link = RGB(0x1F4E8C)
    static let error = RGB(0xA4161A)
    static let errorBackground = RGB(0xFDECEC)
    static let notice = RGB(0x1B5E20)
    static let noticeBackground = RGB(0xE8F5E9)
    static let rule = RGB(0xD5D5D0)
    static let button = RGB(0x1F4E8C)
    static let buttonText = RGB(0xFFFFFF)

    /// Chart colours.
    static let plotGrid = RGB(0xE0E0DA)
    static let series = RGB(0x1F4E8C)
    static let secondSeries = RGB(0x6A2C91)
    static let targetLine = RGB(0x1B5E20)
    static let yellowLine = RGB(0x8A6D00)
    static let redLine = RGB(0xA4161A)

    /// Badge background and text of a worklist colour.
    static func badge(_ colour: DeviationColour) -> (background: RGB, foreground: RGB) {
        switch colour {
        case .red: (RGB(0xA4161A), RGB(0xFFFFFF))
        case .yellow: (RGB(0xFFD23F), RGB(0x1A1A1A))
        case .grey: (RGB(0x4A5560), RGB(0xFFFFFF))
        }
    }

    /// Every text pair: (name, foreground, background).
    static var textPairs: [(name: String, foreground: RGB, background: RGB)] {
        var pairs: [(String, RGB, RGB)] = [
            ("text", text, page), ("muted", mutedText, page), ("nav", navText, nav), ("link", link, page),
            ("error", error, errorBackground), ("notice", notice, noticeBackground), ("button", buttonText, button),
            ("target label", targetLine, page), ("yellow label", yellowLine, page), ("red label", redLine, page),
        ]
        for colour in DeviationColour.allCases {
            let badge = badge(colour)
            pairs.append(("\(colour.rawValue) badge", badge.foreground, badge.background))
        }
        return pairs
    }

    /// Every chart line against the chart background (graphics need ≥ 3:1).
    static var graphicPairs: [(name: String, foreground: RGB, background: RGB)] {
        [
            ("series", series, page), ("second series", secondSeries, page), ("target", targetLine, page),
            ("yellow", yellowLine, page), ("red", redLine, page),
        ]
    }
}
