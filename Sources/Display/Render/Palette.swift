import Foundation

/// An sRGB colour written as `#RRGGBB`.
public struct RGB: Sendable, Equatable, CustomStringConvertible {
    /// Channels 0…255.
    public var red: UInt8, green: UInt8, blue: UInt8

    /// Creates a colour from `0xRRGGBB`.
    public init(_ hex: UInt32) {
        red = UInt8((hex >> 16) & 0xFF)
        green = UInt8((hex >> 8) & 0xFF)
        blue = UInt8(hex & 0xFF)
    }

    /// `#RRGGBB`, as used in CSS and SVG.
    public var description: String { String(format: "#%02X%02X%02X", red, green, blue) }

    /// WCAG 2.x relative luminance.
    public var relativeLuminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2.x contrast ratio between two colours (1…21).
    public static func contrast(_ a: RGB, _ b: RGB) -> Double {
        let (la, lb) = (a.relativeLuminance, b.relativeLuminance)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }
}

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
