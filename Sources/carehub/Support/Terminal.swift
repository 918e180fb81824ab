#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the output can do: a live, redrawn display needs a terminal; colour also needs NO_COLOR
/// unset (https://no-color.org). Pipes and tests get plain lines without escape codes.
struct Terminal: Sendable {
    /// stdout is a terminal that understands ANSI escapes (not TERM=dumb).
    var isInteractive: Bool
    /// Colours are wanted (interactive and NO_COLOR unset or empty).
    var colour: Bool
    /// Columns, for clipping a live table (80 when unknown).
    var width: Int

    /// The terminal of this process.
    static func current() -> Terminal {
        let term = environment("TERM") ?? ""
        let interactive = isatty(1) == 1 && term != "dumb"
        let noColour = !(environment("NO_COLOR") ?? "").isEmpty
        var size = winsize()
        let columns = ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        return Terminal(isInteractive: interactive, colour: interactive && !noColour, width: columns)
    }

    /// A plain terminal (pipes, tests).
    static let plain = Terminal(isInteractive: false, colour: false, width: 80)

    /// `text` in an SGR style when colour is on.
    func styled(_ text: String, _ style: Style) -> String {
        colour ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// SGR codes used by the CLI.
    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", grey = "90"
    }

    /// The assessment colour as a style ("green", "yellow", "red", "grey").
    func colourWord(_ colour: String) -> String {
        switch colour {
        case "green": styled(colour, .green)
        case "yellow": styled(colour, .yellow)
        case "red": styled(colour, .red)
        default: styled(colour, .grey)
        }
    }
}

/// The value of an environment variable.
func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// Writes text to file descriptor 1 at once (no stdio buffer, so a pipe sees each line as it happens).
func writeStandardOutput(_ text: String) {
    writeAll(1, text)
}

func writeAll(_ descriptor: Int32, _ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
