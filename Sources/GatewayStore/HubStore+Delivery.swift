import GRDB

extension HubStore {
    /// Which of these readings the clinic's store has accepted (their outbox row is sent): the
    /// display tells the patient the clinic has a value only for these.
    public func forwardedReadingIDs(among ids: [ReadingID]) throws(StoreError) -> Set<ReadingID> {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let sent = try Int64.fetchAll(
                db, sql: "SELECT reading_id FROM outbox WHERE sent_at IS NOT NULL AND reading_id IN (\(placeholders))",
                arguments: StatementArguments(ids.map(\.rawValue)))
            return Set(sent.map(ReadingID.init(rawValue:)))
        }
    }
}
