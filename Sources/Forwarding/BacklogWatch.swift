import Foundation

/// Warns once when the oldest undelivered reading gets older than the limit, and once more only
/// after the backlog recovered (so a store down for a week is one warning, not one per retry).
struct BacklogWatch {
    enum Change: Equatable {
        case tooOld(age: TimeInterval)
        case recovered
    }

    let limit: TimeInterval
    private(set) var warned = false

    init(limit: TimeInterval) {
        self.limit = limit
    }

    /// What changed since the last observation, if anything worth a log line.
    mutating func observe(oldestUndelivered: Date?, now: Date) -> Change? {
        let age = oldestUndelivered.map { now.timeIntervalSince($0) } ?? 0
        if age > limit {
            guard !warned else { return nil }
            warned = true
            return .tooOld(age: age)
        }
        guard warned else { return nil }
        warned = false
        return .recovered
    }
}
