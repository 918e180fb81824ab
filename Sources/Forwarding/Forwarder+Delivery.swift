import Foundation
import GatewayStore
import Logging

extension Forwarder {
    enum Delivery {
        /// Every row of the batch is sent or dead-lettered.
        case delivered
        /// A transient failure; `remaining` were not delivered.
        case failed(reason: String, retryAfter: TimeInterval?, remaining: [OutboxID])
    }

    /// Delivers a batch. A refused transaction (4xx about the content) or a bundle that cannot be
    /// built is split in halves until the reading at fault is alone; that one is dead-lettered and
    /// the others go on. Halves are sent oldest first.
    func deliver(_ items: [OutboxItem], _ uploader: HTTPUploader, token: String?) async -> Delivery {
        var stack: [ArraySlice<OutboxItem>] = [items[...]]
        while let part = stack.popLast() {
            let bundle: TransactionBundle
            do {
                bundle = try builder.bundle(for: Array(part))
            } catch let error as UnmappableReading where part.contains(where: { $0.id == error.id }) {
                deadLetter(error.id, reason: "no bundle: \(error.reason)", status: nil, outcome: nil)
                let rest = part.filter { $0.id != error.id }
                if !rest.isEmpty { stack.append(rest[...]) }
                continue
            } catch {
                if part.count == 1, let only = part.first {
                    deadLetter(only.id, reason: "no bundle: \(error)", status: nil, outcome: nil)
                } else {
                    Self.split(part, onto: &stack)
                }
                continue
            }
            switch await uploader.post(bundle, token: token, now: now) {
            case .accepted:
                do {
                    let sent = try store.markSent(ids: part.map(\.id), at: now())
                    logger.debug("readings delivered", metadata: ["count": "\(sent.count)"])
                    if !sent.isEmpty { emit.yield(.sent(sent)) }
                } catch {
                    // Delivered but not marked: they will be sent again, and the store's conditional
                    // create will not store them twice.
                    logger.error("delivered readings could not be marked sent", metadata: ["error": "\(error.kindName)"])
                    return .failed(reason: "store: \(error.kindName)", retryAfter: nil, remaining: [])
                }
            case .retry(let reason, let retryAfter):
                return .failed(reason: reason, retryAfter: retryAfter,
                               remaining: part.map(\.id) + stack.reversed().flatMap { $0.map(\.id) })
            case .refused(let status, let reason, let outcome):
                if part.count == 1, let only = part.first {
                    deadLetter(only.id, reason: reason, status: status, outcome: outcome)
                } else {
                    logger.debug("transaction refused, splitting the batch", metadata: ["count": "\(part.count)", "status": "\(status)"])
                    Self.split(part, onto: &stack)
                }
            }
        }
        return .delivered
    }

    /// Pushes the halves so that the older half is taken first.
    static func split(_ part: ArraySlice<OutboxItem>, onto stack: inout [ArraySlice<OutboxItem>]) {
        let middle = part.startIndex + part.count / 2
        stack.append(part[middle...])
        stack.append(part[..<middle])
    }

    func deadLetter(_ id: OutboxID, reason: String, status: Int?, outcome: String?) {
        let reading = ReadingID(rawValue: id.rawValue)
        do {
            try store.markDead(id: id, reason: reason, httpStatus: status, outcome: outcome, at: now())
        } catch {
            logger.error("could not dead-letter a reading", metadata: ["reading": "\(reading)", "error": "\(error.kindName)"])
            return
        }
        // The outcome itself may quote the patient: only its codes are in `reason`.
        logger.error("the store refused a reading; it is kept as a dead letter", metadata: [
            "reading": "\(reading)", "reason": "\(reason)",
        ])
        emit.yield(.deadLettered(reading, reason: reason))
    }
}
