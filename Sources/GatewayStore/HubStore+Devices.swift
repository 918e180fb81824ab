import Foundation
import GRDB

extension HubStore {
    /// Adds a paired device or updates its details (re-pairing, new firmware). Pairing a forgotten
    /// device again makes it a paired device again.
    public func saveDevice(_ device: StoredDevice) throws(StoreError) {
        guard !device.address.isEmpty else { throw .invalidInput("empty device address") }
        try write { db in
            try db.execute(sql: """
                INSERT INTO device (address, kind, model, manufacturer, serial, firmware, paired_at, paired_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (address) DO UPDATE SET kind = excluded.kind, model = excluded.model,
                    manufacturer = excluded.manufacturer, serial = excluded.serial, firmware = excluded.firmware,
                    paired_at = excluded.paired_at, paired_by = excluded.paired_by,
                    forgotten_at = NULL, forgotten_by = NULL
                """, arguments: [device.address.uppercased(), device.kind.rawValue, device.model, device.manufacturer,
                                 device.serial, device.firmware, StoreTime.text(device.pairedAt), device.pairedBy])
        }
    }

    /// A device by address, forgotten ones included (see `StoredDevice.forgottenAt`).
    public func device(address: String) throws(StoreError) -> StoredDevice? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM device WHERE address = ?", arguments: [address.uppercased()])
                .map(Self.device(from:))
        }
    }

    /// All paired devices, by address; forgotten ones only when asked for.
    public func devices(includingForgotten: Bool = false) throws(StoreError) -> [StoredDevice] {
        let condition = includingForgotten ? "" : "WHERE forgotten_at IS NULL "
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM device \(condition)ORDER BY address").map(Self.device(from:))
        }
    }

    /// Assigns a device slot (nil user index = the whole device) to a patient, ending any active
    /// assignment of that slot in the same transaction. The device must have been saved.
    @discardableResult
    public func assign(
        address: String, userIndex: Int?, patientID: String, at: Date, by: String
    ) throws(StoreError) -> Assignment {
        guard !patientID.isEmpty else { throw .invalidInput("empty patient id") }
        let address = address.uppercased()
        let id = try write { db -> Int64 in
            try db.execute(sql: """
                UPDATE assignment SET revoked_at = ?, revoked_by = ?
                WHERE device_address = ? AND user_index IS ? AND revoked_at IS NULL
                """, arguments: [StoreTime.text(at), by, address, userIndex])
            try db.execute(sql: """
                INSERT INTO assignment (device_address, patient_id, user_index, assigned_at, assigned_by)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [address, patientID, userIndex, StoreTime.text(at), by])
            return db.lastInsertedRowID
        }
        logger.info("device assigned", metadata: ["assignment": "\(id)"])
        return Assignment(id: id, deviceAddress: address, patientID: patientID, userIndex: userIndex,
                          assignedAt: at, assignedBy: by, revokedAt: nil)
    }

    /// Ends the active assignment of a device slot; true when one was active.
    @discardableResult
    public func revokeAssignment(address: String, userIndex: Int?, at: Date, by: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: """
                UPDATE assignment SET revoked_at = ?, revoked_by = ?
                WHERE device_address = ? AND user_index IS ? AND revoked_at IS NULL
                """, arguments: [StoreTime.text(at), by, address.uppercased(), userIndex])
            return db.changesCount > 0
        }
    }

    /// The assignment a reading from this device slot belongs to: the slot's own active assignment,
    /// else the device-wide one (nil user index) — for a reading with a user index only while the
    /// device has no per-user assignment. Nil means: do not accept the reading.
    public func activeAssignment(address: String, userIndex: Int?) throws(StoreError) -> Assignment? {
        try read { db in try Self.activeAssignment(db, address: address.uppercased(), userIndex: userIndex) }
    }

    /// Every assignment of a device, active and past, oldest first.
    public func assignments(address: String) throws(StoreError) -> [Assignment] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM assignment WHERE device_address = ? ORDER BY id",
                             arguments: [address.uppercased()]).map(Self.assignment(from:))
        }
    }

    static func device(from row: Row) throws -> StoredDevice {
        let kind: String = try row.decode(forColumn: "kind")
        return try StoredDevice(
            address: row.decode(forColumn: "address"), kind: DeviceKind(rawValue: kind) ?? .other,
            model: row.decode(forColumn: "model"), manufacturer: row.decode(forColumn: "manufacturer"),
            serial: row.decode(forColumn: "serial"), firmware: row.decode(forColumn: "firmware"),
            pairedAt: row.decode(forColumn: "paired_at"), pairedBy: row.decode(forColumn: "paired_by"),
            forgottenAt: row.decode(forColumn: "forgotten_at"))
    }

    static func assignment(from row: Row) throws -> Assignment {
        try Assignment(
            id: row.decode(forColumn: "id"), deviceAddress: row.decode(forColumn: "device_address"),
            patientID: row.decode(forColumn: "patient_id"), userIndex: row.decode(forColumn: "user_index"),
            assignedAt: row.decode(forColumn: "assigned_at"), assignedBy: row.decode(forColumn: "assigned_by"),
            revokedAt: row.decode(forColumn: "revoked_at"))
    }
}
