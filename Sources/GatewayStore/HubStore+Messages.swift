import Foundation
import GRDB

extension HubStore {
    /// Stores a message from the clinic. With a `remoteID` already stored, returns the existing id
    /// (the hub polls, so the same message arrives again).
    @discardableResult
    public func addMessage(remoteID: String?, scope: MessageScope, text: String, receivedAt: Date) throws(StoreError) -> MessageID {
        let (kind, value): (String, String?) = switch scope {
        case .patient(let id): ("patient", id)
        case .group(let name): ("group", name)
        case .all: ("all", nil)
        }
        let id = try write { db -> Int64 in
            if let remoteID, let existing = try Int64.fetchOne(
                db, sql: "SELECT id FROM message WHERE remote_id = ?", arguments: [remoteID]) {
                return existing
            }
            try db.execute(sql: """
                INSERT INTO message (remote_id, scope, scope_value, text, received_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [remoteID, kind, value, text, StoreTime.text(receivedAt)])
            return db.lastInsertedRowID
        }
        return MessageID(rawValue: id)
    }

    /// Messages not yet acknowledged, newest first (the display page's list).
    public func openMessages(limit: Int) throws(StoreError) -> [ClinicMessage] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM message WHERE acknowledged_at IS NULL ORDER BY received_at DESC, id DESC LIMIT ?
                """, arguments: [max(0, limit)]).map(Self.message(from:))
        }
    }

    /// All messages, newest first.
    public func messages(limit: Int) throws(StoreError) -> [ClinicMessage] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM message ORDER BY received_at DESC, id DESC LIMIT ?",
                             arguments: [max(0, limit)]).map(Self.message(from:))
        }
    }

    /// Records when a message was first shown on the display (later calls keep the first time).
    public func markMessageShown(_ id: MessageID, at: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE message SET shown_at = ? WHERE id = ? AND shown_at IS NULL",
                           arguments: [StoreTime.text(at), id.rawValue])
        }
    }

    /// Records that the patient acknowledged a message; it leaves ``openMessages(limit:)``.
    public func acknowledgeMessage(_ id: MessageID, at: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE message SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL",
                           arguments: [StoreTime.text(at), id.rawValue])
        }
    }

    static func message(from row: Row) throws -> ClinicMessage {
        let kind: String = try row.decode(forColumn: "scope")
        let value: String? = try row.decode(forColumn: "scope_value")
        let scope: MessageScope = switch (kind, value) {
        case ("patient", let id?): .patient(id)
        case ("group", let name?): .group(name)
        default: .all
        }
        return try ClinicMessage(
            id: MessageID(rawValue: row.decode(forColumn: "id")), remoteID: row.decode(forColumn: "remote_id"),
            scope: scope, text: row.decode(forColumn: "text"), receivedAt: row.decode(forColumn: "received_at"),
            shownAt: row.decode(forColumn: "shown_at"), acknowledgedAt: row.decode(forColumn: "acknowledged_at"),
            sender: row.decode(forColumn: "sender"), sentAt: row.decode(forColumn: "sent_at"))
    }
}
