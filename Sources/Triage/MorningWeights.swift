import Foundation

/// A weight reading placed on the local calendar.
struct WeightPoint {
    let id: String
    let time: Date
    let kg: Double
    let day: Int
    let minute: Double
    let symptoms: Symptoms
}

/// The first plausible morning weight of each local day (CLINICAL.md §5, principle 2).
///
/// A day's morning weight is its earliest reading inside the morning window that is not an
/// implausible jump (W6) from the previous accepted morning within the look-back. Days without
/// one have no morning weight; evening readings are never compared.
struct MorningWeights {
    let points: [WeightPoint]
    let byDay: [Int: WeightPoint]
    let lookbackDays: Int
    let jumpKg: Double

    init(points: [WeightPoint], parameters: Parameters) {
        let sorted = points.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        self.points = sorted
        self.lookbackDays = MorningWeights.lookbackDays
        let jump = parameters.value(.weightImplausibleJump)
        self.jumpKg = jump
        let from = parameters.value(.weightMorningFrom) * 60
        let to = parameters.value(.weightMorningTo) * 60
        var accepted: [Int: WeightPoint] = [:]
        var previous: WeightPoint?
        // Points are in time order, so the first plausible candidate of a day is met first.
        for candidate in sorted where candidate.minute >= from && candidate.minute < to {
            guard accepted[candidate.day] == nil else { continue }
            if let reference = previous, candidate.day - reference.day <= MorningWeights.lookbackDays,
                abs(TriageEngine.delta(candidate.kg, reference.kg)) >= jump
            {
                continue
            }
            accepted[candidate.day] = candidate
            previous = candidate
        }
        self.byDay = accepted
    }

    /// How far back an accepted morning still anchors the plausibility check (W6).
    ///
    /// After a week without an accepted morning, a new level is accepted, so a real large change
    /// (e.g. after diuresis in hospital) cannot lock the patient out for ever; M1 flags the gap.
    static let lookbackDays = 7

    /// The accepted morning weight of a day.
    func on(_ day: Int) -> WeightPoint? { byDay[day] }

    /// The morning `daysBack` days before `day`, else the nearest earlier one up to `fallback` days further back.
    func reference(from day: Int, daysBack: Int, fallback: Int) -> WeightPoint? {
        for extra in 0...max(0, fallback) {
            if let point = byDay[day - daysBack - extra] { return point }
        }
        return nil
    }

    /// The latest accepted morning strictly before `point`, within the look-back; the W6 reference.
    func plausibilityReference(for point: WeightPoint) -> WeightPoint? {
        var best: WeightPoint?
        for (day, morning) in byDay where morning.id != point.id && morning.time < point.time {
            guard point.day - day <= lookbackDays else { continue }
            if best.map({ morning.time > $0.time }) ?? true { best = morning }
        }
        return best
    }

    /// True when `point` jumps by at least the W6 limit from its reference.
    func isImplausible(_ point: WeightPoint) -> Bool {
        guard let reference = plausibilityReference(for: point) else { return false }
        return abs(TriageEngine.delta(point.kg, reference.kg)) >= jumpKg
    }
}
