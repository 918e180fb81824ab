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
