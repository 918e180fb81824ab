import Foundation

/// Maps time and value to SVG coordinates for one trend plot. Pure, so tests can check that a
/// point or a threshold line lands exactly where it should.
struct PlotGeometry: Sendable, Equatable {
    /// Size of the SVG viewBox.
    static let width = 440.0
    static let height = 150.0
    /// The plotting area inside the viewBox; room left for axis labels (left) and line labels (right).
    static let left = 44.0
    static let right = 392.0
    static let top = 36.0
    static let bottom = 122.0

    var start: Date
    var end: Date
    var minValue: Double
    var maxValue: Double

    init(start: Date, end: Date, minValue: Double, maxValue: Double) {
        self.start = start
        // A window of zero or negative length would divide by zero; show one day instead.
        self.end = end > start ? end : start.addingTimeInterval(86_400)
        self.minValue = minValue
        self.maxValue = maxValue > minValue ? maxValue : minValue + 1
    }

    /// Value range covering `values` with `padding` on both sides, snapped outwards to multiples
    /// of `step`, and widened to at least `minimumSpan` so small changes don't look dramatic.
    static func range(covering values: [Double], step: Double, padding: Double, minimumSpan: Double) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), step > 0 else { return (0, max(minimumSpan, 1)) }
        var lower = ((low - padding) / step).rounded(.down) * step
        var upper = ((high + padding) / step).rounded(.up) * step
        while upper - lower < minimumSpan {
            lower -= step
            if upper - lower < minimumSpan { upper += step }
        }
        return (lower, upper)
    }

    /// x of a time; times outside the window are clamped to its edges.
    func x(_ time: Date) -> Double {
        let fraction = time.timeIntervalSince(start) / end.timeIntervalSince(start)
        return Self.left + min(max(fraction, 0), 1) * (Self.right - Self.left)
    }

    /// y of a value (larger values higher up); values outside the range are clamped.
    func y(_ value: Double) -> Double {
        let fraction = (value - minValue) / (maxValue - minValue)
        return Self.bottom - min(max(fraction, 0), 1) * (Self.bottom - Self.top)
    }

    /// Whether a time lies inside the window shown.
    func contains(_ time: Date) -> Bool { time >= start && time <= end }

    /// Axis ticks: multiples of `step` inside the range, thinned to at most `maxCount`.
    func ticks(step: Double, maxCount: Int = 5) -> [Double] {
        guard step > 0 else { return [] }
        var values: [Double] = []
        var v = (minValue / step).rounded(.up) * step
        while v <= maxValue + 1e-9 {
            values.append(v)
            v += step
        }
        guard values.count > maxCount, maxCount > 1 else { return values }
        let stride = Int((Double(values.count) / Double(maxCount)).rounded(.up))
        return values.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
    }
}
