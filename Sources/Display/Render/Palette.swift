import Foundation
import HTMLSupport

/// The page's colours. The CSS is generated from these, and `DisplayTests` checks every pair
/// below against WCAG AA (text ≥ 4.5:1, plot lines ≥ 3:1); docs/DISPLAY.md lists the ratios.
public enum Palette {
    /// Page background and text.
    public static let page = RGB(0xFAFAF7)
    public static let text = RGB(0x1A1A1A)
    public static let mutedText = RGB(0x4A4A4A)
    /// Background of the clinic message card.
    public static let messageBackground = RGB(0xE7F0FB)
    /// Plot background and plot colours.
    public static let plotBackground = RGB(0xFFFFFF)
    public static let plotGrid = RGB(0xD5D5D0)
    public static let weightLine = RGB(0x1F4E8C)
    public static let systolicLine = RGB(0x1F4E8C)
    public static let diastolicLine = RGB(0x6A2C91)
    public static let targetLine = RGB(0x1B5E20)
    public static let yellowLine = RGB(0x8A6D00)
    public static let redLine = RGB(0xA4161A)

    /// Background and text colour of the big box and the small chips for each tone.
    public static func tone(_ tone: DisplayTone) -> (background: RGB, foreground: RGB) {
        switch tone {
        case .green: return (RGB(0x1B5E20), RGB(0xFFFFFF))
        case .yellow: return (RGB(0xFFD23F), RGB(0x1A1A1A))
        case .red: return (RGB(0xA4161A), RGB(0xFFFFFF))
        case .grey: return (RGB(0x4A5560), RGB(0xFFFFFF))
        case .info: return (RGB(0x1F4E8C), RGB(0xFFFFFF))
        }
    }

    /// Colour of a threshold line.
    public static func line(_ style: ThresholdLine.Style) -> RGB {
        switch style {
        case .target: return targetLine
        case .yellow: return yellowLine
        case .red: return redLine
        }
    }

    /// Every text pair the page uses: (name, foreground, background).
    public static var textPairs: [(name: String, foreground: RGB, background: RGB)] {
        var pairs: [(String, RGB, RGB)] = [
            ("page text", text, page),
            ("muted text", mutedText, page),
            ("message text", text, messageBackground),
            ("plot text", text, plotBackground),
            ("plot label target", targetLine, plotBackground),
            ("plot label yellow", yellowLine, plotBackground),
            ("plot label red", redLine, plotBackground),
        ]
        for t in DisplayTone.allCases {
            let colours = tone(t)
            pairs.append(("\(t.rawValue) box", colours.foreground, colours.background))
        }
        return pairs
    }

    /// Every plot line colour against the plot background (graphics need ≥ 3:1).
    public static var graphicPairs: [(name: String, foreground: RGB, background: RGB)] {
        [
            ("weight line", weightLine, plotBackground),
            ("systolic line", systolicLine, plotBackground),
            ("diastolic line", diastolicLine, plotBackground),
            ("target line", targetLine, plotBackground),
            ("yellow limit", yellowLine, plotBackground),
            ("red limit", redLine, plotBackground),
        ]
    }
}
