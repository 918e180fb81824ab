import Foundation
import GRDB

extension HubStore {
    /// Migration `v2-more-kinds`: the measured quantities of the kinds without typed `reading`
    /// columns. One row per quantity, written in the reading's commit; append-only like `reading`.
    static let v2MoreKindsSchema = """
        CREATE TABLE reading_quantity (
            reading_id INTEGER NOT NULL REFERENCES reading(id),
            name TEXT NOT NULL CHECK (name <> ''),
            mdc_code INTEGER NOT NULL CHECK (mdc_code > 0),
            value REAL NOT NULL,
            unit TEXT NOT NULL,
            PRIMARY KEY (reading_id, name)
        ) WITHOUT ROWID;
        """

    /// Inserts a reading's quantities inside the caller's (the reading's) transaction.
    static func insertQuantities(_ db: Database, readingID: Int64, _ quantities: [ReadingQuantity]) throws {
        for quantity in quantities {
            guard quantity.value.isFinite else {
                throw StoreError.invalidInput("quantity \(quantity.name) must be finite; put specials in values_json")
            }
            var insert = try FastStatement(db, sql: """
                INSERT INTO reading_quantity (reading_id, name, mdc_code, value, unit) VALUES (?, ?, ?, ?, ?)
                """)
            insert.bind(readingID)
            insert.bind(quantity.name)
            insert.bind(quantity.mdcCode)
            insert.bind(quantity.value)
            insert.bind(quantity.unit)
            try insert.execute()
        }
    }

    /// The stored quantities of these readings (empty for kinds with typed columns), by reading id.
    public func quantities(readingIDs: [ReadingID]) throws(StoreError) -> [ReadingID: [ReadingQuantity]] {
        guard !readingIDs.isEmpty else { return [:] }
        return try read { db in try Self.fetchQuantities(db, readingIDs: readingIDs) }
    }

    static func fetchQuantities(_ db: Database, readingIDs: [ReadingID]) throws -> [ReadingID: [ReadingQuantity]] {
        guard !readingIDs.isEmpty else { return [:] }
        var result: [ReadingID: [ReadingQuantity]] = [:]
        let marks = Array(repeating: "?", count: readingIDs.count).joined(separator: ",")
        let rows = try Row.fetchAll(
            db, sql: """
                SELECT reading_id, name, mdc_code, value, unit FROM reading_quantity
                WHERE reading_id IN (\(marks)) ORDER BY reading_id, name
                """, arguments: StatementArguments(readingIDs.map(\.rawValue)))
        for row in rows {
            let id = ReadingID(rawValue: try row.decode(forColumn: "reading_id"))
            result[id, default: []].append(
                ReadingQuantity(
                    name: try row.decode(forColumn: "name"), mdcCode: try row.decode(forColumn: "mdc_code"),
                    value: try row.decode(forColumn: "value"), unit: try row.decode(forColumn: "unit")))
        }
        return result
    }

    /// The readings with their `reading.quantities` filled from `reading_quantity`.
    public func withQuantities(_ readings: [StoredReading]) throws(StoreError) -> [StoredReading] {
        let byID = try quantities(readingIDs: readings.map(\.id))
        guard !byID.isEmpty else { return readings }
        return readings.map { stored in
            var stored = stored
            stored.reading.quantities = byID[stored.id] ?? []
            return stored
        }
    }
}
