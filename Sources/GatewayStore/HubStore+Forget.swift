import Foundation
import GRDB

extension HubStore {
    /// Migration `v2-forgotten-devices`: a forgotten device keeps its row (its readings refer to its
    /// address) and is marked instead of deleted.
    static let v2ForgottenDevices = """
        ALTER TABLE device ADD COLUMN forgotten_at TEXT;
        ALTER TABLE device ADD COLUMN forgotten_by TEXT;
        """

    /// Forgets a device: revokes all its active assignments and marks it forgotten, in one
    /// transaction. Its readings stay. False when the device is unknown or already forgotten.
    @discardableResult
    public func forgetDevice(address: String, at: Date, by: String) throws(StoreError) -> Bool {
        let address = address.uppercased()
        let time = StoreTime.text(at)
        let forgotten = try write { db -> Bool in
            try db.execute(sql: """
                UPDATE assignment SET revoked_at = ?, revoked_by = ?
                WHERE device_address = ? AND revoked_at IS NULL
                """, arguments: [time, by, address])
            try db.execute(sql: """
                UPDATE device SET forgotten_at = ?, forgotten_by = ?
                WHERE address = ? AND forgotten_at IS NULL
                """, arguments: [time, by, address])
            return db.changesCount > 0
        }
        if forgotten { logger.info("device forgotten") }
        return forgotten
    }

    /// When the newest reading of each device arrived at the hub (received time), by address.
    public func lastReadingTimes() throws(StoreError) -> [String: Date] {
        try read { db in
            var result: [String: Date] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT device_address, max(received_at) AS last FROM reading GROUP BY device_address
                """)
            for row in rows {
                if let address: String = try row.decode(forColumn: "device_address"),
                   let last: Date = try row.decode(forColumn: "last") {
                    result[address] = last
                }
            }
            return result
        }
    }

    /// Devices (not forgotten) with at least one active assignment.
    public func assignedDeviceCount() throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(DISTINCT a.device_address) FROM assignment a JOIN device d ON d.address = a.device_address
                WHERE a.revoked_at IS NULL AND d.forgotten_at IS NULL
                """) ?? 0
        }
    }
}
