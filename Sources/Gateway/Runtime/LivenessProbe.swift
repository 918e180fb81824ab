import Foundation

/// The reading path's answer to "are you alive?", for the systemd watchdog. Each check sends a fresh
/// value through every stage (the pipeline's executor, the BlueZ connection's bus thread) and passes
/// only if every stage hands that value back before the deadline. A stage stuck in a blocking call
/// (an SQLite lock, a D-Bus dispatch that never returns) does not answer, so the pings stop and
/// systemd restarts the daemon. A stage that has not answered an earlier check is not asked again.
public final class LivenessProbe: Sendable {
    /// One part of the reading path: `turnOver` must run where that part runs and return its argument.
    public struct Stage: Sendable {
        /// For the log ("pipeline", "bus").
        public var name: String
        public var turnOver: @Sendable (UInt64) async throws -> UInt64

        /// A stage named `name`.
        public init(name: String, turnOver: @escaping @Sendable (UInt64) async throws -> UInt64) {
            self.name = name
            self.turnOver = turnOver
        }
    }

    /// What one check found.
    public enum Outcome: Sendable, Equatable {
        case alive
        /// The stage did not hand the value back in time (or still has not from an earlier check).
        case stuck(stage: String)
        /// The stage answered with an error or another value.
        case failed(stage: String, reason: String)
    }

    public let stages: [Stage]
    private let outstanding = Outstanding()

    /// A probe over `stages`, checked in this order.
    public init(stages: [Stage]) {
        self.stages = stages
    }

    /// Sends `value` through every stage; `.alive` when each returned it within `deadline`.
    public func check(value: UInt64, within deadline: Duration) async -> Outcome {
        for stage in stages {
            let outcome = await check(stage, value: value, within: deadline)
            if outcome != .alive { return outcome }
        }
        return .alive
    }

    private func check(_ stage: Stage, value: UInt64, within deadline: Duration) async -> Outcome {
        guard outstanding.begin(stage.name) else { return .stuck(stage: stage.name) }
        // Unstructured tasks: a stage blocked for good must not block the check too (a task group
        // would wait for it); its task stays outstanding and the stage counts as stuck until it returns.
        let race = Race()
        return await withCheckedContinuation { continuation in
            race.set(continuation)
            Task { [outstanding] in
                let result: Outcome
                do {
                    let answer = try await stage.turnOver(value)
                    result = answer == value ? .alive : .failed(stage: stage.name, reason: "answered \(answer), not \(value)")
                } catch {
                    result = .failed(stage: stage.name, reason: "\(error)")
                }
                outstanding.end(stage.name)
                race.finish(result)
            }
            Task {
                try? await Task.sleep(for: deadline)
                race.finish(.stuck(stage: stage.name))
            }
        }
    }

    /// Stages with a turn-over in flight.
    private final class Outstanding: @unchecked Sendable {
        private let lock = NSLock()
        private var names: Set<String> = []

        func begin(_ name: String) -> Bool { lock.withLock { names.insert(name).inserted } }
        func end(_ name: String) { lock.withLock { _ = names.remove(name) } }
    }

    /// The first of the stage's answer and the deadline resumes the check.
    private final class Race: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Outcome, Never>?
        private var pending: Outcome?

        func set(_ continuation: CheckedContinuation<Outcome, Never>) {
            let ready: Outcome? = lock.withLock {
                if let pending { return pending }
                self.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }

        func finish(_ outcome: Outcome) {
            let waiting: CheckedContinuation<Outcome, Never>? = lock.withLock {
                guard pending == nil else { return nil }
                pending = outcome
                defer { continuation = nil }
                return continuation
            }
            waiting?.resume(returning: outcome)
        }
    }
}
