import Foundation
import HTMLSupport
import Triage

/// A server-side SVG line chart of one trend with threshold lines labelled in the right margin.
/// No script: the `<title>`/`<desc>` and a data table beside it make it readable without sight.
struct TrendChart {
    struct Series {
        enum Marker { case circle, square }
        var name: String
        var points: [(time: Date, value: Double)]
        var marker: Marker
        var colour: RGB
    }

    struct Line {
        enum Style: String { case target, yellow, red }
        var value: Double
        var label: String
        var style: Style

        var colour: RGB {
            switch style {
            case .target: StorePalette.targetLine
            case .yellow: StorePalette.yellowLine
            case .red: StorePalette.redLine
            }
        }
    }

    static let width = 640.0, height = 240.0
    static let left = 48.0, right = 530.0, top = 16.0, bottom = 200.0

    var id: String
    var title: String
    var series: [Series]
    var lines: [Line]
    var start: Date
    var end: Date
    /// Value grid step, padding around the data and the smallest span shown.
    var step: Double
    var padding: Double
    var minimumSpan: Double

    /// The value range: data and lines, padded, snapped to `step`, at least `minimumSpan` wide.
    var range: (low: Double, high: Double) {
        let values = series.flatMap { $0.points.map(\.value) } + lines.map(\.value)
        let finite = values.filter(\.isFinite)
        guard let min = finite.min(), let max = finite.max(), step > 0 else { return (0, Swift.max(minimumSpan, 1)) }
        var low = ((min - padding) / step).rounded(.down) * step
        var high = ((max + padding) / step).rounded(.up) * step
        while high - low < minimumSpan {
            low -= step
            if high - low < minimumSpan { high += step }
        }
        return (low, high)
    }

    func x(_ time: Date) -> Double {
        let span = end.timeIntervalSince(start)
        guard span > 0 else { return Self.left }
        let fraction = time.timeIntervalSince(start) / span
        return Self.left + Swift.min(Swift.max(fraction, 0), 1) * (Self.right - Self.left)
    }

    func y(_ value: Double) -> Double {
        let (low, high) = range
        let fraction = (value - low) / (high - low)
        return Self.bottom - Swift.min(Swift.max(fraction, 0), 1) * (Self.bottom - Self.top)
    }

    private static func c(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths < 0 ? "-" : "")\(tenths.magnitude / 10).\(tenths.magnitude % 10)"
    }

    /// The chart as an inline `<svg>`; `summary` is its accessible description.
    func svg(summary: String, emptyText: String, zone: TimeZone, language: Language) -> String {
        let c = Self.c
        var out = "<svg class=\"chart\" id=\"chart-\(id)\" viewBox=\"0 0 \(c(Self.width)) \(c(Self.height))\" role=\"img\" aria-labelledby=\"chart-\(id)-title chart-\(id)-desc\">"
        out += "<title id=\"chart-\(id)-title\">\(HTML.escape(title))</title><desc id=\"chart-\(id)-desc\">\(HTML.escape(summary))</desc>"
        out += "<rect x=\"0\" y=\"0\" width=\"\(c(Self.width))\" height=\"\(c(Self.height))\" fill=\"\(StorePalette.page)\"/>"
        guard series.contains(where: { !$0.points.isEmpty }) else {
            return out + "<text x=\"\(c(Self.width / 2))\" y=\"\(c(Self.height / 2))\" text-anchor=\"middle\" fill=\"\(StorePalette.mutedText)\">\(HTML.escape(emptyText))</text></svg>"
        }
        out += grid(zone: zone, language: language)
        out += thresholdLines()
        for one in series { out += plot(one) }
        return out + "</svg>"
    }

    private func grid(zone: TimeZone, language: Language) -> String {
        let c = Self.c
        let (low, high) = range
        var out = "<g class=\"grid\">"
        var tick = (low / step).rounded(.up) * step
        let stride = Swift.max(1, Int(((high - low) / step / 6).rounded(.up)))
        var index = 0
        while tick <= high + 1e-9 {
            if index % stride == 0 {
                let ty = y(tick)
                out += "<line x1=\"\(c(Self.left))\" x2=\"\(c(Self.right))\" y1=\"\(c(ty))\" y2=\"\(c(ty))\" stroke=\"\(StorePalette.plotGrid)\" stroke-width=\"1\"/>"
                out += "<text x=\"\(c(Self.left - 6))\" y=\"\(c(ty + 4))\" text-anchor=\"end\" fill=\"\(StorePalette.mutedText)\">\(HTML.escape(Format.number(tick, language)))</text>"
            }
            tick += step
            index += 1
        }
        for part in 0...4 {
            let time = start.addingTimeInterval(end.timeIntervalSince(start) * Double(part) / 4)
            let anchor = part == 0 ? "start" : part == 4 ? "end" : "middle"
            out += "<text x=\"\(c(x(time)))\" y=\"\(c(Self.bottom + 18))\" text-anchor=\"\(anchor)\" fill=\"\(StorePalette.mutedText)\">\(HTML.escape(Format.day(time, zone)))</text>"
        }
        return out + "</g>"
    }

    private func thresholdLines() -> String {
        let c = Self.c
        let drawn = lines.filter(\.value.isFinite)
        var out = "<g class=\"thresholds\">"
        for line in drawn {
            let ly = y(line.value)
            let dash = line.style == .target ? "" : " stroke-dasharray=\"8 5\""
            out += "<line class=\"limit limit-\(line.style.rawValue)\" x1=\"\(c(Self.left))\" x2=\"\(c(Self.right))\" y1=\"\(c(ly))\" y2=\"\(c(ly))\" stroke=\"\(line.colour)\" stroke-width=\"2\"\(dash)/>"
        }
        // Labels in the right margin, moved apart so that close lines stay readable.
        let ys = Self.spread(drawn.map { y($0.value) + 4 }, gap: 14)
        for (line, ly) in zip(drawn, ys) {
            out += "<text class=\"limit-label\" x=\"\(c(Self.right + 6))\" y=\"\(c(ly))\" fill=\"\(line.colour)\">\(HTML.escape(line.label))</text>"
        }
        return out + "</g>"
    }

    private func plot(_ one: Series) -> String {
        let c = Self.c
        let points = one.points.filter { $0.value.isFinite && $0.time >= start && $0.time <= end }.sorted { $0.time < $1.time }
        var out = "<g class=\"series\">"
        if points.count > 1 {
            let list = points.map { "\(c(x($0.time))),\(c(y($0.value)))" }.joined(separator: " ")
            out += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(one.colour)\" stroke-width=\"2\"/>"
        }
        for point in points {
            let (px, py) = (x(point.time), y(point.value))
            switch one.marker {
            case .circle: out += "<circle cx=\"\(c(px))\" cy=\"\(c(py))\" r=\"4\" fill=\"\(one.colour)\"/>"
            case .square: out += "<rect x=\"\(c(px - 4))\" y=\"\(c(py - 4))\" width=\"8\" height=\"8\" fill=\"\(one.colour)\"/>"
            }
        }
        return out + "</g>"
    }

    /// Baselines moved apart (keeping their order) by at least `gap`.
    static func spread(_ ys: [Double], gap: Double) -> [Double] {
        var result = ys
        var previous: Double?
        for index in ys.indices.sorted(by: { ys[$0] < ys[$1] }) {
            if let previous, result[index] < previous + gap { result[index] = previous + gap }
            previous = result[index]
        }
        return result
    }
}
