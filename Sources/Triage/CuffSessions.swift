import Foundation

/// A cuff reading placed in time.
struct CuffPoint {
    let id: String
    let time: Date
    let value: BloodPressure
    let symptoms: Symptoms

    var failed: Bool { value.status.isFailedMeasurement }
}

/// Cuff readings taken together: within the session window of the session's first reading (ESH HBPM).
struct CuffSession {
    /// Slices of one array shared by all sessions of an assessment (no array per session).
    let readings: ArraySlice<CuffPoint>
    /// Readings without a failure flag; only these count for the means (Q1).
    let valid: ArraySlice<CuffPoint>
    let meanSystolic: Double?
    let meanDiastolic: Double?
    let meanPulse: Double?

    init(readings: ArraySlice<CuffPoint>) {
        self.readings = readings
        // One pass, no intermediate arrays: this runs for every session of a 14-day history.
        var systolic = 0.0, diastolic = 0.0, pulse = 0.0, pulses = 0, count = 0
        for reading in readings where !reading.failed {
            count += 1
            systolic += reading.value.systolic
            diastolic += reading.value.diastolic
            if let rate = reading.value.pulse {
                pulse += rate
                pulses += 1
            }
        }
        // Usually every reading is valid: share the array instead of building a second one.
        let valid = count == readings.count ? readings : ArraySlice(readings.filter { !$0.failed })
        self.valid = valid
        self.meanSystolic = valid.isEmpty ? nil : systolic / Double(count)
        self.meanDiastolic = valid.isEmpty ? nil : diastolic / Double(count)
        self.meanPulse = pulses == 0 ? nil : pulse / Double(pulses)
    }

    var start: Date { readings.first?.time ?? .distantPast }
    /// No valid reading at all.
    var failed: Bool { valid.isEmpty }
    var symptoms: Symptoms { readings.reduce(into: Symptoms()) { $0.formUnion($1.symptoms) } }
    var irregular: Bool { valid.contains { $0.value.status.irregularPulse } }

    func contains(_ id: String) -> Bool { readings.contains { $0.id == id } }

    /// Groups readings (any order) into sessions.
    static func group(_ points: [CuffPoint], windowMinutes: Double) -> [CuffSession] {
        let order = { (a: CuffPoint, b: CuffPoint) in (a.time, a.id) < (b.time, b.id) }
        // The history arrives sorted with the new reading last: check before sorting.
        let isSorted = zip(points, points.dropFirst()).allSatisfy { !order($1, $0) }
        let sorted = isSorted ? points : points.sorted(by: order)
        var sessions: [CuffSession] = []
        sessions.reserveCapacity(sorted.count)
        var start = sorted.startIndex
        for index in sorted.indices where index > start {
            if sorted[index].time.timeIntervalSince(sorted[start].time) > windowMinutes * 60 {
                sessions.append(CuffSession(readings: sorted[start..<index]))
                start = index
            }
        }
        if start < sorted.endIndex { sessions.append(CuffSession(readings: sorted[start..<sorted.endIndex])) }
        return sessions
    }
}
