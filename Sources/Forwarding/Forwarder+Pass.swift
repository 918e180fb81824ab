import Foundation
import GatewayStore
import Logging

extension Forwarder {
    enum Next {
        /// More may be due: look again at once.
        case again
        /// Sleep until the deadline (nil: until a wake-up) or a wake-up, whichever comes first.
        case sleep(Date?)
    }

    /// One batch: the due rows oldest first, delivered (or refused ones dead-lettered), or the
    /// failure recorded with the time of the next attempt.
    func pass(_ uploader: HTTPUploader) async -> Next {
        let start = now()
        if let blockedUntil, start < blockedUntil { return .sleep(blockedUntil) }
        blockedUntil = nil
        let token: String?
        do {
            token = try tokenFile?.token()
        } catch {
            return failed(reason: error.description, ids: [], attempts: 0, retryAfter: nil)
        }
        let items: [OutboxItem]
        do {
            items = try store.pendingOutbox(limit: configuration.batchSize, now: start)
        } catch {
            logger.error("forwarder cannot read the outbox", metadata: ["error": "\(error.kindName)"])
            return failed(reason: "store: \(error.kindName)", ids: [], attempts: 0, retryAfter: nil)
        }
        guard !items.isEmpty else {
            watchBacklog()
            let next = try? store.nextOutboxAttempt()
            emit.yield(.idle(nextAttempt: next))
            return .sleep(next)
        }
        switch await deliver(items, uploader, token: token) {
        case .delivered:
            failures = 0
            if loggedFailure != nil {
                logger.info("forwarding works again")
                loggedFailure = nil
            }
            return .again
        case .failed(let reason, let retryAfter, let remaining):
            let attempts = items.filter { remaining.contains($0.id) }.map(\.attempts).max() ?? 0
            return failed(reason: reason, ids: remaining, attempts: attempts, retryAfter: retryAfter)
        }
    }

    /// Backs off: every undelivered row of the batch gets the same next attempt, and no request is
    /// made before it (a wake-up does not cut a backoff short).
    private func failed(reason: String, ids: [OutboxID], attempts: Int, retryAfter: TimeInterval?) -> Next {
        // Rows keep their attempt count across restarts: the backoff goes on growing after one.
        failures = max(failures, attempts) + 1
        let at = now()
        let next = at.addingTimeInterval(
            configuration.backoff.delay(failures: failures, retryAfter: retryAfter, unit: random()))
        blockedUntil = next
        do {
            if ids.isEmpty {
                try store.recordForwardingError(reason, at: at)
            } else {
                try store.markFailed(ids: ids, error: reason, nextAttemptAt: next, at: at)
            }
        } catch {
            logger.error("forwarder cannot record a failure", metadata: ["error": "\(error.kindName)"])
        }
        let metadata: Logger.Metadata = [
            "error": "\(reason)", "readings": "\(ids.count)", "attempt": "\(failures)",
            "retry_in_s": "\(String(format: "%.1f", next.timeIntervalSince(at)))",
        ]
        if loggedFailure == reason {
            logger.debug("forwarding failed again", metadata: metadata)
        } else {
            // TLS trouble is a configuration problem an operator must fix; the rest usually passes.
            logger.log(level: reason.hasPrefix("TLS") || reason.hasPrefix("token_file") ? .error : .warning,
                       "forwarding failed, will retry", metadata: metadata)
            loggedFailure = reason
        }
        watchBacklog()
        emit.yield(.retrying(reason: reason, nextAttempt: next))
        return .sleep(next)
    }

    /// Logs the backlog warning (once) and its recovery (once).
    func watchBacklog() {
        guard let counts = try? store.outboxCounts(now: now()) else { return }
        switch backlog.observe(oldestUndelivered: counts.oldestPendingReceivedAt, now: now()) {
        case .tooOld(let age):
            logger.warning("readings are waiting longer than backlog_warning_age for the clinic", metadata: [
                "oldest_age_h": "\(String(format: "%.1f", age / 3600))", "undelivered": "\(counts.pending)",
            ])
        case .recovered:
            logger.notice("forwarding backlog recovered", metadata: ["undelivered": "\(counts.pending)"])
        case nil:
            break
        }
    }
}
