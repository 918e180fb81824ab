import Foundation
import GatewayStore
import Logging
import Triage

/// What the pipeline keeps in memory per patient so a reading does not re-read 14 days from SQLite:
/// the recent history in triage units (sorted by time), and the parsed thresholds and alert state
/// with the raw store rows they came from (re-read every reading, re-parsed only when they change,
/// so a clinic override or acknowledgement written by another component is seen at once).
struct PatientState {
    /// Readings with `time >= loadedFrom`, sorted by time; complete from that instant on.
    var history: [VitalReading] = []
    /// Start of the complete window held in `history`.
    var loadedFrom: Date = .distantFuture
    var overrides: [String: Double]?
    var parameters: Parameters = .defaults
    /// The trend plots' threshold lines for `parameters`; nil until needed after a change.
    var trendLines: TrendBuilder.Lines?
    var alertRows: [String: String]?
    var alertState: AlertState = .empty
    /// The parameters JSON of the last assessment, reused while the rules use the same values.
    var parametersJSON = ParametersJSONCache()

    /// Makes `history` complete from `from` on, reading the store only for the part not held yet.
    mutating func ensureHistory(from: Date, patient: String, store: HubStore) throws(StoreError) {
        guard from < loadedFrom else { return }
        let to = loadedFrom == .distantFuture ? Date.distantFuture : loadedFrom
        var loaded: [VitalReading] = []
        for kind in [ReadingKind.bloodPressure, .weight] {
            for stored in try store.readings(patient: patient, kind: kind, from: from, to: to) {
                if let vital = VitalMapping.vital(stored.reading, id: String(stored.id.rawValue)) {
                    loaded.append(vital)
                }
            }
        }
        loaded.sort { $0.time < $1.time }
        history = loaded + history
        loadedFrom = from
    }

    /// The history triage needs for a reading at `time`: readings in [time − span, time], as a slice
    /// of `history` (no copy of ~100 readings per assessment).
    func window(endingAt time: Date, span: TimeInterval) -> ArraySlice<VitalReading> {
        let start = time.addingTimeInterval(-span)
        let lower = history.partitioningIndex { $0.time >= start }
        let upper = history.partitioningIndex { $0.time > time }
        return lower < upper ? history[lower..<upper] : []
    }

    /// Adds a committed reading in time order and drops what no reading near `newest` will need.
    mutating func insert(_ reading: VitalReading, keep span: TimeInterval) {
        let index = history.partitioningIndex { $0.time > reading.time }
        history.insert(reading, at: index)
        guard let newest = history.last?.time else { return }
        // Keep one extra day so a slightly older memory reading still finds its window here.
        let horizon = newest.addingTimeInterval(-span - 86_400)
        if horizon > loadedFrom {
            let drop = history.partitioningIndex { $0.time >= horizon }
            history.removeFirst(drop)
            loadedFrom = horizon
        }
    }

    /// Refreshes the parameters from the store's override rows; an invalid override is logged and
    /// its default used instead (never a crash, never a silently half-applied set).
    mutating func refreshParameters(_ rows: [String: Double], logger: Logger) {
        guard rows != overrides else { return }
        overrides = rows
        trendLines = nil
        var result = Parameters.defaults
        for (name, value) in rows.sorted(by: { $0.key < $1.key }) {
            do {
                result = try result.applying(overrides: [name: value])
            } catch {
                logger.error(
                    "invalid stored threshold override ignored; the default applies",
                    metadata: ["parameter": "\(name)", "error": "\(error)"])
            }
        }
        parameters = result
    }

    /// Refreshes the alert state from the store's rows (signal → JSON of `ActiveAlert`, or `null`).
    mutating func refreshAlertState(_ rows: [String: String], logger: Logger) {
        guard rows != alertRows else { return }
        alertRows = rows
        var state = AlertState.empty
        let decoder = JSONDecoder()
        for (key, json) in rows where json != "null" {
            guard let signal = Signal(rawValue: key) else { continue }
            do {
                state.active[signal] = try decoder.decode(ActiveAlert.self, from: Data(json.utf8))
            } catch {
                logger.error("unreadable stored alert state ignored", metadata: ["signal": "\(key)"])
            }
        }
        alertState = state
    }

    /// The store rows for the signals whose state changed: the alert's JSON, or `null` when cleared.
    static func changedRows(from old: AlertState, to new: AlertState) -> [String: String] {
        var rows: [String: String] = [:]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for signal in Set(old.active.keys).union(new.active.keys) where old.active[signal] != new.active[signal] {
            if let alert = new.active[signal], let data = try? encoder.encode(alert) {
                rows[signal.rawValue] = String(decoding: data, as: UTF8.self)
            } else {
                rows[signal.rawValue] = "null"
            }
        }
        return rows
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate that is false then true
    /// along the array (binary search); `count` when none does.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
