import Foundation
import GRDB

extension HubStore {
    /// Stores the patient's "please call me" before anything is sent (the display says "sending"
    /// from here on); the clinic sync sends it until the store accepts it.
    @discardableResult
    public func addContactRequest(patient: String, text: String, at: Date) throws(StoreError) -> ContactRequestRecord {
        guard !patient.isEmpty else { throw .invalidInput("a contact request needs a patient") }
        let millis = Int64((at.timeIntervalSince1970 * 1000).rounded(.down))
        let id = try write { db -> Int64 in
            try db.execute(sql: """
                INSERT INTO contact_request (patient_id, requested_at, requested_at_ms, text) VALUES (?, ?, ?, ?)
                """, arguments: [patient, StoreTime.text(at), millis, text])
            return db.lastInsertedRowID
        }
        logger.info("contact request stored", metadata: ["request": "\(id)"])
        return ContactRequestRecord(
            id: id, patientID: patient, requestedAt: Date(timeIntervalSince1970: Double(millis) / 1000), text: text,
            attempts: 0, lastError: nil, sentAt: nil)
    }

    /// Requests the store has not accepted yet, oldest first.
    public func unsentContactRequests() throws(StoreError) -> [ContactRequestRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM contact_request WHERE sent_at IS NULL ORDER BY id")
                .map(Self.contactRequest(from:))
        }
    }

    /// The newest request, sent or not (what the display page says about it).
    public func latestContactRequest() throws(StoreError) -> ContactRequestRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM contact_request ORDER BY id DESC LIMIT 1").map(Self.contactRequest(from:))
        }
    }

    /// The store accepted the request.
    public func markContactRequestSent(id: Int64, at: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE contact_request SET sent_at = ?, attempts = attempts + 1, last_error = NULL
                WHERE id = ? AND sent_at IS NULL
                """, arguments: [StoreTime.text(at), id])
        }
    }

    /// A failed attempt; `reason` holds no patient data.
    public func markContactRequestFailed(id: Int64, reason: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE contact_request SET attempts = attempts + 1, last_error = ? WHERE id = ? AND sent_at IS NULL
                """, arguments: [reason, id])
        }
    }

    static func contactRequest(from row: Row) throws -> ContactRequestRecord {
        let millis: Int64 = try row.decode(forColumn: "requested_at_ms")
        return try ContactRequestRecord(
            id: row.decode(forColumn: "id"), patientID: row.decode(forColumn: "patient_id"),
            requestedAt: Date(timeIntervalSince1970: Double(millis) / 1000), text: row.decode(forColumn: "text"),
            attempts: row.decode(forColumn: "attempts"), lastError: row.decode(forColumn: "last_error"),
            sentAt: row.decode(forColumn: "sent_at"))
    }
}
