import FHIR
import Forwarding
import Foundation
import GatewayStore

extension ClinicSync {
    /// What the heartbeat says now: the undelivered readings, the newest reading's arrival, the
    /// assigned devices' last contact, battery and clock.
    func heartbeat() async throws(StoreError) -> HubHeartbeat {
        let at = now()
        let backlog = try store.outboxCounts(now: at).pending
        let last = try store.recentReadings(limit: 1).first?.reading.receivedAt
        return HubHeartbeat(
            hubID: configuration.hubID, sentAt: at, softwareVersion: configuration.softwareVersion, backlog: backlog,
            lastReadingAt: last, devices: await deviceStatuses())
    }

    /// Sends one heartbeat; a failure waits for the next interval and is logged at debug only (the
    /// poll's own failure already says the store is out of reach).
    func sendHeartbeat() async {
        let beat: HubHeartbeat
        let body: [UInt8]
        let entries: Int
        do {
            beat = try await heartbeat()
            let bundle = try beat.bundle()
            body = Array(try FHIRJSON.encode(bundle).utf8)
            entries = bundle.entry?.count ?? 0
        } catch {
            logger.debug("no heartbeat this time", metadata: ["error": "\(error)"])
            emit.yield(.heartbeatFailed(reason: "\(error)"))
            return
        }
        switch await client.postTransaction(body, entryCount: entries) {
        case .ok:
            logger.debug("heartbeat sent", metadata: ["backlog": "\(beat.backlog)", "devices": "\(beat.devices.count)"])
            emit.yield(.heartbeatSent(beat))
        case .retry(let reason, _), .refused(_, let reason):
            logger.debug("heartbeat not accepted; the next one is at the next interval", metadata: ["error": "\(reason)"])
            emit.yield(.heartbeatFailed(reason: reason))
        }
    }

    /// Sends every stored, unsent contact request, oldest first; true when none is left unsent.
    /// A re-send of one the store already has is harmless (conditional create on its identifier).
    func sendContactRequests() async -> Bool {
        let pending: [ContactRequestRecord]
        do {
            pending = try store.unsentContactRequests()
        } catch {
            logFailure("contact", "store: \(error.kindName)")
            return false
        }
        for record in pending {
            let request = ContactRequest(
                hubID: configuration.hubID, patientID: record.patientID, requestedAt: record.requestedAt, text: record.text)
            let bundle = request.bundle()
            let body: [UInt8]
            do {
                body = Array(try FHIRJSON.encode(bundle).utf8)
            } catch {
                logFailure("contact", "cannot encode: \(error)")
                return false
            }
            switch await client.postTransaction(body, entryCount: bundle.entry?.count ?? 0) {
            case .ok:
                do {
                    try store.markContactRequestSent(id: record.id, at: now())
                } catch {
                    // Sent but not marked: it is sent again, and the store keeps it once.
                    logFailure("contact", "store: \(error.kindName)")
                    return false
                }
                logRecovery("contact")
                logger.notice("contact request accepted by the clinic", metadata: ["request": "\(record.id)"])
                emit.yield(.contactRequestSent(record.id))
            case .retry(let reason, _), .refused(_, let reason):
                // A refusal is retried too: the request matters more than the queue, and an operator
                // sees the warning.
                try? store.markContactRequestFailed(id: record.id, reason: reason)
                logFailure("contact", reason)
                emit.yield(.contactRequestFailed(record.id, reason: reason))
                return false
            }
        }
        return true
    }
}
