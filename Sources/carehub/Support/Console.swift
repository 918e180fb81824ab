import Foundation

/// The CLI's output: permanent lines on stdout, errors on stderr, and on a terminal a live area
/// (a block of lines and a spinner line) redrawn in place below them. Off a terminal the live area
/// is never drawn, so pipes and tests get plain lines only.
final class Console: @unchecked Sendable {
    let terminal: Terminal
    private let lock = NSLock()
    /// Lines of the live area above the spinner (the scan table).
    private var block: [String] = []
    /// The spinner's text; nil: no spinner line.
    private var spinnerText: String?
    private var frame = 0
    /// Newline-terminated lines currently drawn in the live area (the cursor sits below them).
    private var drawnLines = 0
    private var ticker: Task<Void, Never>?
    private var last: String?

    /// The last permanent line printed on stdout.
    var lastLine: String? { lock.withLock { last } }

    static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    init(terminal: Terminal = .current()) {
        self.terminal = terminal
    }

    /// A permanent line on stdout (above the live area on a terminal).
    func line(_ text: String = "") {
        lock.withLock {
            last = text
            guard terminal.isInteractive, isLive else {
                writeStandardOutput(text + "\n")
                return
            }
            writeStandardOutput(eraseLive() + text + "\n" + drawLive())
        }
    }

    /// Text on stdout without a newline (a prompt); the live area is taken down first.
    func prompt(_ text: String) {
        lock.withLock {
            let erase = terminal.isInteractive && isLive ? eraseLive() : ""
            block = []
            spinnerText = nil
            writeStandardOutput(erase + text)
        }
    }

    /// A line on stderr; the live area is taken down first so the two do not mix on a terminal.
    func error(_ text: String) {
        lock.withLock {
            if terminal.isInteractive && isLive {
                writeStandardOutput(eraseLive())
                block = []
                spinnerText = nil
            }
            writeStandardError(text + "\n")
        }
    }

    /// Shows a spinner with `text` below the output (terminal only).
    func spin(_ text: String) {
        guard terminal.isInteractive else { return }
        lock.withLock {
            let erase = eraseLive()
            spinnerText = text
            writeStandardOutput(erase + drawLive())
        }
        startTicker()
    }

    /// Replaces the live block (terminal only), e.g. the scan table.
    func setBlock(_ lines: [String]) {
        guard terminal.isInteractive else { return }
        lock.withLock {
            let erase = eraseLive()
            block = lines
            writeStandardOutput(erase + drawLive())
        }
    }

    /// Ends the live area: the block stays on screen as ordinary output, the spinner line goes.
    func finishLive() {
        lock.withLock {
            ticker?.cancel()
            ticker = nil
            guard terminal.isInteractive, isLive else { return }
            let erase = eraseLive()
            let kept = block.map { $0 + "\n" }.joined()
            block = []
            spinnerText = nil
            writeStandardOutput(erase + kept)
        }
    }

    private var isLive: Bool { !block.isEmpty || spinnerText != nil }

    /// Moves to the top of the live area and clears to the end of the screen.
    private func eraseLive() -> String {
        guard terminal.isInteractive else { return "" }
        let up = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
        drawnLines = 0
        return "\r" + up + "\u{1B}[J"
    }

    /// Draws the block and the spinner line; the cursor stays at the end of the spinner line.
    private func drawLive() -> String {
        var out = ""
        for line in block { out += clip(line) + "\n" }
        drawnLines = block.count
        if let spinnerText {
            out += terminal.styled(Self.frames[frame % Self.frames.count], .bold) + " " + clip(spinnerText, reserve: 2)
        }
        return out
    }

    /// Cuts a line to the terminal's width, so it never wraps (wrapping would break the redraw).
    private func clip(_ line: String, reserve: Int = 0) -> String {
        let width = max(10, terminal.width - 1 - reserve)
        return line.count > width ? String(line.prefix(width - 1)) + "…" : line
    }

    private func startTicker() {
        lock.withLock {
            guard ticker == nil else { return }
            ticker = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    self?.tick()
                }
            }
        }
    }

    private func tick() {
        lock.withLock {
            guard spinnerText != nil, !Task.isCancelled else { return }
            frame += 1
            writeStandardOutput(eraseLive() + drawLive())
        }
    }
}
