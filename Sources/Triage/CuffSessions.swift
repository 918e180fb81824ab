import Foundation

/// A cuff reading placed in time.
struct CuffPoint {
    let id: String
    let time: Date
    let value: BloodPressure
    let symptoms: Symptoms
    /// The assessed reading itself, not one from its history.
    let isReading: Bool

    var failed: Bool { value.status.isFailedMeasurement }
}

/// Cuff readings taken together: within the session window of the session's first reading (ESH HBPM).
///
/// A summary made in one pass: the rules over earlier sessions (B3, H2, Q1) read only these
/// numbers; the readings themselves stay in `CuffSessions.points` for the assessed session's texts.
struct CuffSession {
    /// Positions of its readings in `CuffSessions.points`.
    let range: Range<Int>
    let start: Date
    /// Readings without a failure flag; only these count for the means (Q1).
    let validCount: Int
    let meanSystolic: Double?
    let meanDiastolic: Double?
    let meanPulse: Double?
    /// An irregular-pulse flag on a valid reading.
    let irregular: Bool

    init(points: [CuffPoint], range: Range<Int>) {
        self.range = range
        self.start = range.isEmpty ? .distantPast : points[range.lowerBound].time
        // Sums in reading order, as the means were always computed.
        var systolic = 0.0, diastolic = 0.0, pulse = 0.0, pulses = 0, count = 0
        var irregular = false
        for index in range where !points[index].failed {
            let value = points[index].value
            count += 1
            systolic += value.systolic
            diastolic += value.diastolic
            if let rate = value.pulse {
                pulse += rate
                pulses += 1
            }
            if value.status.irregularPulse { irregular = true }
        }
        self.validCount = count
        self.meanSystolic = count == 0 ? nil : systolic / Double(count)
        self.meanDiastolic = count == 0 ? nil : diastolic / Double(count)
        self.meanPulse = pulses == 0 ? nil : pulse / Double(pulses)
        self.irregular = irregular
    }

    /// No valid reading at all.
    var failed: Bool { validCount == 0 }
}

/// The cuff readings of one assessment in time order, grouped into sessions.
struct CuffSessions {
    /// Sorted by (time, id).
    let points: [CuffPoint]
    let sessions: [CuffSession]
    /// The session holding the assessed reading, if it is a finite cuff reading.
    let readingSession: Int?

    /// Groups readings (any order) into sessions.
    init(_ points: [CuffPoint], windowMinutes: Double) {
        let order = { (a: CuffPoint, b: CuffPoint) in (a.time, a.id) < (b.time, b.id) }
        // The history arrives sorted with the new reading last: check before sorting.
        var isSorted = true
        var index = points.startIndex + 1
        while isSorted, index < points.endIndex {
            if order(points[index], points[index - 1]) { isSorted = false }
            index += 1
        }
        let sorted = isSorted ? points : points.sorted(by: order)
        var sessions: [CuffSession] = []
        sessions.reserveCapacity(sorted.count)
        var readingSession: Int?
        var start = 0
        for index in sorted.indices {
            if index > start, sorted[index].time.timeIntervalSince(sorted[start].time) > windowMinutes * 60 {
                sessions.append(CuffSession(points: sorted, range: start..<index))
                start = index
            }
            if sorted[index].isReading { readingSession = sessions.count }
        }
        if start < sorted.count { sessions.append(CuffSession(points: sorted, range: start..<sorted.count)) }
        self.points = sorted
        self.sessions = sessions
        self.readingSession = readingSession
    }

    /// The valid readings of a session, in time order.
    func valid(_ session: CuffSession) -> [CuffPoint] {
        var valid: [CuffPoint] = []
        valid.reserveCapacity(session.validCount)
        for index in session.range where !points[index].failed { valid.append(points[index]) }
        return valid
    }

    /// Symptoms reported with any reading of a session.
    func symptoms(_ session: CuffSession) -> Symptoms {
        var symptoms = Symptoms()
        for index in session.range { symptoms.formUnion(points[index].symptoms) }
        return symptoms
    }
}
