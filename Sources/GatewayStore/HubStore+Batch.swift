import Foundation

extension HubStore {
    /// Commits several readings (e.g. one connection's memory dump) in ONE transaction and one fsync.
    /// All or nothing: if any insert fails, none of the batch is stored. Results are in input order;
    /// a reading that duplicates a stored one, or an earlier one of the same batch, is `.duplicate`.
    public func commit(batch: [PendingReading]) throws(StoreError) -> [CommitResult] {
        guard !batch.isEmpty else { return [] }
        var rows: [ReadingRow] = []
        rows.reserveCapacity(batch.count)
        for pending in batch { rows.append(try ReadingRow(pending.reading)) }
        let results = try commitTransaction { db in
            try zip(rows, batch).map { row, pending in
                try Self.insert(db, row, pending.assessment, pending.alertState, identifiersJSON: pending.identifiersJSON)
            }
        }
        let stored = results.filter { if case .stored = $0 { true } else { false } }.count
        logger.debug("reading batch committed", metadata: ["stored": "\(stored)", "duplicates": "\(results.count - stored)"])
        return results
    }
}

extension NewReading {
    /// True when the store takes this reading as a resend of `earlier` (the same dedupe key, or the
    /// same clockless payload from the same device slot within ``HubStore/clocklessResendWindow``
    /// before it): what `commit(batch:)` recognises inside a batch, for a caller that must know
    /// before it commits (the pipeline does not assess a resend). False when either is not storable.
    public func isResend(of earlier: NewReading) -> Bool {
        guard let mine = ResendIdentity(self), let other = ResendIdentity(earlier) else { return false }
        return mine.isResend(of: other)
    }
}

/// What the store compares to recognise a resend, computed once per reading (a batch compares each
/// reading with all earlier ones). The payload is the reading's own array (no copy into `Data`).
public struct ResendIdentity: Sendable, Hashable {
    let dedupeKey: String
    let deviceAddress: String
    let characteristic: String
    let userIndex: Int?
    let raw: [UInt8]
    let clockless: Bool
    let receivedAt: Date

    /// Nil when the reading is not storable (the commit would refuse it anyway).
    public init?(_ reading: NewReading) {
        guard let row = try? ReadingRow(reading) else { return nil }
        dedupeKey = row.dedupeKey
        deviceAddress = row.deviceAddress
        characteristic = row.characteristic
        userIndex = row.userIndex
        raw = row.raw
        clockless = row.deviceTime == nil
        receivedAt = row.receivedAt
    }

    /// ``NewReading/isResend(of:)`` on identities computed before.
    public func isResend(of earlier: ResendIdentity) -> Bool {
        if dedupeKey == earlier.dedupeKey { return true }
        guard clockless, earlier.clockless else { return false }
        let since = receivedAt.addingTimeInterval(-HubStore.clocklessResendWindow)
        return deviceAddress == earlier.deviceAddress && raw == earlier.raw && userIndex == earlier.userIndex
            && characteristic == earlier.characteristic && earlier.receivedAt >= since && earlier.receivedAt <= receivedAt
    }
}
