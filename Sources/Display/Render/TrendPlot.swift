import Foundation
import HTMLSupport

/// Server-side SVG plots of the 14-day trends, with the patient's thresholds drawn as labelled
/// lines. No script, no external resource; colours come from `Palette`.
enum TrendPlot {
    /// Geometry of the weight plot: the range covers the weights and every weight line.
    static func weightGeometry(_ trends: TrendSeries) -> PlotGeometry {
        let inWindow = trends.weights.filter { $0.time >= trends.start && $0.time <= trends.end }
        let values = inWindow.map(\.kg) + trends.weightLines.map(\.value)
        let (low, high) = PlotGeometry.range(covering: values, step: 1, padding: 0.5, minimumSpan: 4)
        return PlotGeometry(start: trends.start, end: trends.end, minValue: low, maxValue: high)
    }

    /// Geometry of the blood-pressure plot: the range covers both pressures and every BP line.
    static func bloodPressureGeometry(_ trends: TrendSeries) -> PlotGeometry {
        let inWindow = trends.bloodPressure.filter { $0.time >= trends.start && $0.time <= trends.end }
        let values = inWindow.flatMap { [$0.systolic, $0.diastolic] } + trends.bloodPressureLines.map(\.value)
        let (low, high) = PlotGeometry.range(covering: values, step: 10, padding: 5, minimumSpan: 60)
        return PlotGeometry(start: trends.start, end: trends.end, minValue: low, maxValue: high)
    }

    /// The weight plot as an inline `<svg>` element.
    static func weightSVG(_ trends: TrendSeries, language: DisplayLanguage) -> String {
        let strings = DisplayStrings.for(language)
        let points = trends.weights.filter { $0.time >= trends.start && $0.time <= trends.end }.sorted { $0.time < $1.time }
        var svg = open(id: "weight", title: strings.weightPlotTitle, summary: summary(points.last.map { NumberText.decimal($0.kg, digits: 1, language: language) }, strings))
        guard !points.isEmpty else { return svg + empty(strings.noWeights) + "</svg>" }
        let g = weightGeometry(trends)
        let span = g.maxValue - g.minValue
        svg += frame(g, tickStep: span <= 6 ? 1 : span <= 12 ? 2 : 5, digits: 0, language: language, strings: strings, trends: trends)
        svg += lines(trends.weightLines, g)
        svg += series(points.map { (g.x($0.time), g.y($0.kg)) }, colour: Palette.weightLine, marker: .circle, dashed: false, cssClass: "weight")
        return svg + "</svg>"
    }

    /// The blood-pressure plot (systolic and diastolic) as an inline `<svg>` element.
    static func bloodPressureSVG(_ trends: TrendSeries, language: DisplayLanguage) -> String {
        let strings = DisplayStrings.for(language)
        let points = trends.bloodPressure.filter { $0.time >= trends.start && $0.time <= trends.end }.sorted { $0.time < $1.time }
        let last = points.last.map { "\(NumberText.integer($0.systolic))/\(NumberText.integer($0.diastolic))" }
        var svg = open(id: "bp", title: strings.bloodPressurePlotTitle, summary: summary(last, strings))
        guard !points.isEmpty else { return svg + empty(strings.noBloodPressure) + "</svg>" }
        let g = bloodPressureGeometry(trends)
        svg += legend(strings)
        svg += frame(g, tickStep: g.maxValue - g.minValue <= 100 ? 20 : 40, digits: 0, language: language, strings: strings, trends: trends)
        svg += lines(trends.bloodPressureLines, g)
        svg += series(points.map { (g.x($0.time), g.y($0.systolic)) }, colour: Palette.systolicLine, marker: .circle, dashed: false, cssClass: "systolic")
        svg += series(points.map { (g.x($0.time), g.y($0.diastolic)) }, colour: Palette.diastolicLine, marker: .square, dashed: false, cssClass: "diastolic")
        return svg + "</svg>"
    }

    // MARK: pieces

    private enum Marker { case circle, square }

    private static func c(_ v: Double) -> String { NumberText.coordinate(v) }

    private static func summary(_ last: String?, _ strings: DisplayStrings) -> String {
        guard let last else { return "" }
        return " – \(strings.windowEnd): \(last)"
    }

    private static func open(id: String, title: String, summary: String) -> String {
        "<svg class=\"plot\" id=\"plot-\(id)\" viewBox=\"0 0 \(c(PlotGeometry.width)) \(c(PlotGeometry.height))\" role=\"img\" aria-labelledby=\"plot-\(id)-title\">"
            + "<title id=\"plot-\(id)-title\">\(HTML.escape(title + summary))</title>"
            + "<rect x=\"0\" y=\"0\" width=\"\(c(PlotGeometry.width))\" height=\"\(c(PlotGeometry.height))\" rx=\"10\" fill=\"\(Palette.plotBackground)\"/>"
            + "<text class=\"plot-title\" x=\"12\" y=\"22\" fill=\"\(Palette.text)\">\(HTML.escape(title))</text>"
    }

    private static func empty(_ message: String) -> String {
        "<text class=\"plot-empty\" x=\"\(c(PlotGeometry.width / 2))\" y=\"\(c(PlotGeometry.height / 2 + 12))\" text-anchor=\"middle\" fill=\"\(Palette.mutedText)\">\(HTML.escape(message))</text>"
    }

    private static func legend(_ strings: DisplayStrings) -> String {
        let y = 22.0
        return "<g class=\"legend\">"
            + "<circle cx=\"\(c(290))\" cy=\"\(c(y - 6))\" r=\"6\" fill=\"\(Palette.systolicLine)\"/>"
            + "<text class=\"plot-label\" x=\"\(c(301))\" y=\"\(c(y))\" fill=\"\(Palette.text)\">\(HTML.escape(strings.systolicLabel))</text>"
            + "<rect x=\"\(c(362))\" y=\"\(c(y - 12))\" width=\"12\" height=\"12\" fill=\"\(Palette.diastolicLine)\"/>"
            + "<text class=\"plot-label\" x=\"\(c(379))\" y=\"\(c(y))\" fill=\"\(Palette.text)\">\(HTML.escape(strings.diastolicLabel))</text>"
            + "</g>"
    }

    private static func frame(_ g: PlotGeometry, tickStep: Double, digits: Int, language: DisplayLanguage, strings: DisplayStrings, trends: TrendSeries) -> String {
        var out = "<g class=\"axis\">"
        for tick in g.ticks(step: tickStep) {
            let y = g.y(tick)
            out += "<line x1=\"\(c(PlotGeometry.left))\" x2=\"\(c(PlotGeometry.right))\" y1=\"\(c(y))\" y2=\"\(c(y))\" stroke=\"\(Palette.plotGrid)\" stroke-width=\"1\"/>"
            out += "<text class=\"plot-tick\" x=\"\(c(PlotGeometry.left - 6))\" y=\"\(c(y + 5))\" text-anchor=\"end\" fill=\"\(Palette.mutedText)\">\(NumberText.decimal(tick, digits: digits, language: language))</text>"
        }
        let days = Int((trends.end.timeIntervalSince(trends.start) / 86_400).rounded())
        let labelY = c(PlotGeometry.bottom + 21)
        out += "<text class=\"plot-tick\" x=\"\(c(PlotGeometry.left))\" y=\"\(labelY)\" fill=\"\(Palette.mutedText)\">\(HTML.escape(strings.windowStart(days)))</text>"
        out += "<text class=\"plot-tick\" x=\"\(c(PlotGeometry.right))\" y=\"\(labelY)\" text-anchor=\"end\" fill=\"\(Palette.mutedText)\">\(HTML.escape(strings.windowEnd))</text>"
        return out + "</g>"
    }

    private static func lines(_ lines: [ThresholdLine], _ g: PlotGeometry) -> String {
        let drawn = lines.filter(\.value.isFinite)
        var out = ""
        for line in drawn {
            let y = g.y(line.value)
            let dash = line.style == .target ? "" : " stroke-dasharray=\"10 6\""
            out += "<line class=\"limit limit-\(line.style.rawValue)\" x1=\"\(c(PlotGeometry.left))\" x2=\"\(c(PlotGeometry.right))\" y1=\"\(c(y))\" y2=\"\(c(y))\" stroke=\"\(Palette.line(line.style))\" stroke-width=\"3\"\(dash)/>"
        }
        // Labels sit in the right margin, beside their line, never over the data.
        let labelYs = spreadLabels(drawn.map { g.y($0.value) + 5 }, minimumGap: 16)
        for (line, y) in zip(drawn, labelYs) {
            out += "<text class=\"plot-label\" x=\"\(c(PlotGeometry.right + 6))\" y=\"\(c(y))\" fill=\"\(Palette.line(line.style))\">\(HTML.escape(line.label))</text>"
        }
        return out
    }

    /// Moves label baselines apart (keeping their order) so close lines get readable labels.
    static func spreadLabels(_ ys: [Double], minimumGap: Double) -> [Double] {
        let order = ys.indices.sorted { ys[$0] < ys[$1] }
        var result = ys
        var previous: Double?
        for index in order {
            if let previous, result[index] < previous + minimumGap { result[index] = previous + minimumGap }
            previous = result[index]
        }
        return result
    }

    private static func series(_ points: [(Double, Double)], colour: RGB, marker: Marker, dashed: Bool, cssClass: String) -> String {
        var out = "<g class=\"series series-\(cssClass)\">"
        if points.count > 1 {
            let list = points.map { "\(c($0.0)),\(c($0.1))" }.joined(separator: " ")
            let dash = dashed ? " stroke-dasharray=\"8 5\"" : ""
            out += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"3\"\(dash)/>"
        }
        for (x, y) in points {
            switch marker {
            case .circle:
                out += "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"5\" fill=\"\(colour)\"/>"
            case .square:
                out += "<rect x=\"\(c(x - 5))\" y=\"\(c(y - 5))\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>"
            }
        }
        return out + "</g>"
    }
}
