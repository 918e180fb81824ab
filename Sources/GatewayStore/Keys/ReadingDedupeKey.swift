/// The duplicate key of a reading, enforced by a UNIQUE index on `reading.dedupe_key`.
///
/// Cuffs and scales resend their whole memory on every connection, so "the same reading" is:
/// - **device time known**: same device, user index, characteristic, device timestamp and raw
///   payload. The payload carries the values, units and status flags exactly as the device
///   stored them, so this does not depend on the decoder's version. Same values at another time
///   are a new reading.
/// - **device time unknown** (absent, zero or unusable): the payload alone cannot tell a resend from
///   a real repeat, so a reading is a duplicate when the identical payload from the same device and
///   user arrived (a) in the same connection (`connectionID` is part of this key), or (b) within
///   ``GatewayStore/clocklessResendWindow`` before it (checked in the commit transaction, for a
///   device reconnecting to resend). A repeat of the same value later than that is kept. A clockless
///   device that resends its memory hours later cannot be told apart; the gateway sets the device
///   clock on every connection so this case stays rare.
public enum ReadingDedupeKey {
    /// Builds the key text. `characteristic` and `deviceAddress` are expected normalised (upper-case).
    public static func make(
        deviceAddress: String, userIndex: Int?, characteristic: String, deviceTime: DeviceWallClock?,
        raw: [UInt8], connectionID: String
    ) -> String {
        let user = userIndex.map(String.init) ?? "-"
        let payload = hex(raw)
        if let deviceTime {
            return "t|\(deviceAddress)|\(user)|\(characteristic)|\(deviceTime)|\(payload)"
        }
        return "n|\(deviceAddress)|\(user)|\(characteristic)|\(connectionID)|\(payload)"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
