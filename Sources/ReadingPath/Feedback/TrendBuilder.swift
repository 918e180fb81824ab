import CivilTime
import Display
import Foundation
import HealthProfiles
import Triage

/// The 14-day trend plots from the patient's history: the first morning weight of each local day and
/// the mean of each BP session, with the lines of the patient's effective thresholds.
enum TrendBuilder {
    /// The threshold lines of one parameter set; they change only with the patient's overrides, so
    /// the pipeline keeps them per patient instead of formatting their labels for every reading.
    struct Lines {
        var weight: [ThresholdLine]
        var bloodPressure: [ThresholdLine]

        init(parameters: Parameters, language: DisplayLanguage) {
            weight = ThresholdLine.weightLines(
                targetKg: parameters[.weightTarget], aboveTargetKg: parameters[.weightAboveTarget] ?? 2,
                language: language)
            bloodPressure = ThresholdLine.bloodPressureLines(
                systolicYellow: parameters[.sbpHighYellow] ?? 135, diastolicYellow: parameters[.dbpHighYellow] ?? 85,
                systolicRed: parameters[.sbpHighRed] ?? 180, diastolicRed: parameters[.dbpHighRed] ?? 110)
        }
    }

    static func trends(
        history: [VitalReading], parameters: Parameters, end: Date, days: Int, calendar: Calendar,
        language: DisplayLanguage, lines: Lines? = nil
    ) -> TrendSeries {
        let start = end.addingTimeInterval(-Double(days) * 86_400)
        // The history is sorted by time: take the window as a slice, no copy and no full scan.
        let lower = history.partitioningIndex { $0.time >= start }
        let upper = history.partitioningIndex { $0.time > end }
        let inWindow = lower < upper ? history[lower..<upper] : []
        let lines = lines ?? Lines(parameters: parameters, language: language)
        return TrendSeries(
            start: start, end: end,
            weights: morningWeights(inWindow, parameters: parameters, calendar: calendar),
            bloodPressure: sessionMeans(inWindow, parameters: parameters),
            weightLines: lines.weight, bloodPressureLines: lines.bloodPressure)
    }

    /// The earliest weighing per local day inside the morning window [from, to) hours.
    static func morningWeights(_ readings: ArraySlice<VitalReading>, parameters: Parameters, calendar: Calendar) -> [WeightPoint] {
        let from = (parameters[.weightMorningFrom] ?? 4) * 60
        let to = (parameters[.weightMorningTo] ?? 11) * 60
        var byDay: [Int: WeightPoint] = [:]
        for reading in readings {
            guard case .weight(let kg) = reading.kind, kg.isFinite else { continue }
            let local = LocalTime(reading.time, in: calendar.timeZone)
            let minute = Double(local.minuteOfDay)
            guard minute >= from, minute < to else { continue }
            if let existing = byDay[local.day], existing.time <= reading.time { continue }
            byDay[local.day] = WeightPoint(time: reading.time, kg: kg)
        }
        return byDay.values.sorted { $0.time < $1.time }
    }

    /// Means of BP sessions (readings within `bp.session_window_minutes` of a session's first),
    /// over valid readings only (no body movement, loose cuff or wrong position).
    static func sessionMeans(_ readings: ArraySlice<VitalReading>, parameters: Parameters) -> [BloodPressurePoint] {
        let window = (parameters[.bpSessionWindow] ?? 15) * 60
        var points: [BloodPressurePoint] = []
        var sessionStart: Date?
        // Running sums of the session's valid readings, added in reading order from 0 as before.
        var systolic = 0.0, diastolic = 0.0, count = 0
        func close() {
            guard let sessionStart, count > 0 else { return }
            points.append(
                BloodPressurePoint(
                    time: sessionStart, systolic: systolic / Double(count), diastolic: diastolic / Double(count)))
        }
        for reading in readings {
            guard case .bloodPressure(let value) = reading.kind else { continue }
            if sessionStart.map({ reading.time.timeIntervalSince($0) > window }) ?? true {
                close()
                sessionStart = reading.time
                systolic = 0
                diastolic = 0
                count = 0
            }
            if !value.status.isFailedMeasurement {
                systolic += value.systolic
                diastolic += value.diastolic
                count += 1
            }
        }
        close()
        return points
    }
}
