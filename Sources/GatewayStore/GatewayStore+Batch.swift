extension GatewayStore {
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
                try Self.insert(db, row, pending.assessment, pending.alertState)
            }
        }
        let stored = results.filter { if case .stored = $0 { true } else { false } }.count
        logger.debug("reading batch committed", metadata: ["stored": "\(stored)", "duplicates": "\(results.count - stored)"])
        return results
    }
}

extension NewReading {
    /// True when the store takes this reading as a resend of `earlier` (the same dedupe key, or the
    /// same clockless payload from the same device slot within ``GatewayStore/clocklessResendWindow``
    /// before it): what `commit(batch:)` recognises inside a batch, for a caller that must know
    /// before it commits (the pipeline does not assess a resend). False when either is not storable.
    public func isResend(of earlier: NewReading) -> Bool {
        guard let row = try? ReadingRow(self), let other = try? ReadingRow(earlier) else { return false }
        if row.dedupeKey == other.dedupeKey { return true }
        guard row.deviceTime == nil, other.deviceTime == nil else { return false }
        let since = row.receivedAt.addingTimeInterval(-GatewayStore.clocklessResendWindow)
        return row.deviceAddress == other.deviceAddress && row.raw == other.raw && row.userIndex == other.userIndex
            && row.characteristic == other.characteristic && other.receivedAt >= since && other.receivedAt <= row.receivedAt
    }
}
