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
    let readings: [CuffPoint]

    var start: Date { readings.first?.time ?? .distantPast }
    var end: Date { readings.last?.time ?? .distantPast }
    /// Readings without a failure flag; only these count for the means (Q1).
    var valid: [CuffPoint] { readings.filter { !$0.failed } }
    /// No valid reading at all.
    var failed: Bool { valid.isEmpty }
    var symptoms: Symptoms { readings.reduce(into: Symptoms()) { $0.formUnion($1.symptoms) } }
    var irregular: Bool { valid.contains { $0.value.status.irregularPulse } }

    var meanSystolic: Double? { Self.mean(valid.map(\.value.systolic)) }
    var meanDiastolic: Double? { Self.mean(valid.map(\.value.diastolic)) }
    var meanPulse: Double? { Self.mean(valid.compactMap(\.value.pulse)) }

    func contains(_ id: String) -> Bool { readings.contains { $0.id == id } }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Groups readings (any order) into sessions.
    static func group(_ points: [CuffPoint], windowMinutes: Double) -> [CuffSession] {
        let sorted = points.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        var sessions: [CuffSession] = []
        var current: [CuffPoint] = []
        for point in sorted {
            if let first = current.first, point.time.timeIntervalSince(first.time) > windowMinutes * 60 {
                sessions.append(CuffSession(readings: current))
                current = []
            }
            current.append(point)
        }
        if !current.isEmpty { sessions.append(CuffSession(readings: current)) }
        return sessions
    }
}
