import Foundation
import Testing
@testable import Display

@Suite("SVG trend plots")
struct PlotGeometryTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static let day = 86_400.0

    /// Plot area is x 44…392, y 36…122 (PlotGeometry constants); the expected coordinates below
    /// are worked out by hand from them.
    static let weightTrend = TrendSeries(
        start: t0, end: t0.addingTimeInterval(14 * day),
        weights: [
            WeightPoint(time: t0.addingTimeInterval(7 * day), kg: 72),
            WeightPoint(time: t0, kg: 70),  // out of order on purpose: the plot sorts by time
            WeightPoint(time: t0.addingTimeInterval(14 * day), kg: 74),
            WeightPoint(time: t0.addingTimeInterval(-3 * day), kg: 90),  // outside the window: ignored
        ],
        weightLines: [
            ThresholdLine(value: 72, label: "Mål 72,0", style: .target),
            ThresholdLine(value: 74, label: "+2,0", style: .yellow),
        ]
    )

    @Test func weightRangeCoversDataAndLinesSnappedToWholeKilos() {
        let g = TrendPlot.weightGeometry(Self.weightTrend)
        // data and lines span 70…74; ±0.5 kg padding snapped out to whole kg → 69…75
        #expect(g.minValue == 69)
        #expect(g.maxValue == 75)
        #expect(g.x(Self.t0) == 44)
        #expect(g.x(Self.t0.addingTimeInterval(7 * Self.day)) == 218)
        #expect(g.x(Self.t0.addingTimeInterval(14 * Self.day)) == 392)
        #expect(g.y(72) == 79)  // 122 − (72−69)/6 · 86
        #expect(g.y(69) == 122)
        #expect(g.y(75) == 36)
    }

    @Test func weightPointsAndThresholdLinesAreDrawnWhereTheyBelong() {
        let svg = TrendPlot.weightSVG(Self.weightTrend, language: .sv)
        #expect(svg.contains("<polyline points=\"44.0,107.7 218.0,79.0 392.0,50.3\""))
        #expect(svg.contains("<circle cx=\"218.0\" cy=\"79.0\" r=\"5\""))
        #expect(svg.contains("class=\"limit limit-target\" x1=\"44.0\" x2=\"392.0\" y1=\"79.0\" y2=\"79.0\""))
        #expect(svg.contains("class=\"limit limit-yellow\" x1=\"44.0\" x2=\"392.0\" y1=\"50.3\" y2=\"50.3\""))
        #expect(svg.contains(">Mål 72,0</text>"))
        #expect(!svg.contains(">90<") && !svg.contains("cy=\"36.0\""), "the point outside the window must not be drawn or widen the range")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 3)
    }

    @Test func bloodPressurePlotDrawsBothPressuresAndTheHomeAndRedLimits() {
        let trend = TrendSeries(
            start: Self.t0, end: Self.t0.addingTimeInterval(14 * Self.day),
            bloodPressure: [BloodPressurePoint(time: Self.t0.addingTimeInterval(7 * Self.day), systolic: 140, diastolic: 90)],
            bloodPressureLines: ThresholdLine.bloodPressureLines()
        )
        let g = TrendPlot.bloodPressureGeometry(trend)
        #expect(g.minValue == 80)   // lowest: the 85 line − 5, snapped to 10
        #expect(g.maxValue == 190)  // highest: the 180 line + 5, snapped to 10
        let svg = TrendPlot.bloodPressureSVG(trend, language: .sv)
        for (value, y) in [(135, "79.0"), (85, "118.1"), (180, "43.8"), (110, "98.5")] {
            #expect(svg.contains("y1=\"\(y)\" y2=\"\(y)\""), "line \(value) at y \(y)")
            #expect(svg.contains(">\(value)</text>"), "label of line \(value)")
        }
        #expect(svg.contains("class=\"limit limit-yellow\" x1=\"44.0\" x2=\"392.0\" y1=\"79.0\""))
        #expect(svg.contains("class=\"limit limit-red\" x1=\"44.0\" x2=\"392.0\" y1=\"43.8\""))
        #expect(svg.contains("<circle cx=\"218.0\" cy=\"75.1\""))           // systolic 140
        #expect(svg.contains("<rect x=\"213.0\" y=\"109.2\" width=\"10\""))  // diastolic 90, square marker
        #expect(svg.contains(">övre</text>") && svg.contains(">undre</text>"))
    }

    @Test(arguments: [DisplayLanguage.sv, .en])
    func emptySeriesShowAMessageAndNoData(language: DisplayLanguage) {
        let empty = TrendSeries.empty(endingAt: Self.t0)
        for svg in [TrendPlot.weightSVG(empty, language: language), TrendPlot.bloodPressureSVG(empty, language: language)] {
            #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
            #expect(!svg.contains("<polyline") && !svg.contains("<circle") && !svg.contains("limit"))
            #expect(svg.contains("plot-empty"))
        }
        #expect(TrendPlot.weightSVG(empty, language: .sv).contains("Inga vägningar"))
        #expect(TrendPlot.weightSVG(empty, language: .en).contains("No weights"))
    }

    @Test func degenerateWindowAndSinglePointDoNotDivideByZero() {
        let trend = TrendSeries(start: Self.t0, end: Self.t0, weights: [WeightPoint(time: Self.t0, kg: 80)])
        let g = TrendPlot.weightGeometry(trend)
        #expect(g.x(Self.t0) == 44)
        #expect(g.maxValue - g.minValue >= 4)
        let svg = TrendPlot.weightSVG(trend, language: .sv)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(!svg.contains("<polyline"), "one point is a dot, not a line")
    }

    @Test func closeLineLabelsAreMovedApartInOrder() {
        // baselines 50 and 58 are too close for 16-unit text; 100 is far enough already
        #expect(TrendPlot.spreadLabels([58, 100, 50], minimumGap: 16) == [66, 100, 50])
        #expect(TrendPlot.spreadLabels([], minimumGap: 16) == [])
    }

    /// Range snapping: (values, step, padding, minimum span) → expected (low, high).
    @Test(arguments: [
        ([70.0, 74.0], 1.0, 0.5, 4.0, 69.0, 75.0),
        ([80.0], 1.0, 0.5, 4.0, 78.0, 82.0),       // widened to 4 kg, alternately down and up
        ([120.0, 80.0], 10.0, 5.0, 60.0, 70.0, 130.0),
        ([], 1.0, 0.5, 4.0, 0.0, 4.0),
        ([Double.nan, 72.0], 1.0, 0.5, 4.0, 70.0, 74.0),
    ])
    func rangeSnapping(values: [Double], step: Double, padding: Double, span: Double, low: Double, high: Double) {
        let (l, h) = PlotGeometry.range(covering: values, step: step, padding: padding, minimumSpan: span)
        #expect(l == low)
        #expect(h == high)
    }
}
