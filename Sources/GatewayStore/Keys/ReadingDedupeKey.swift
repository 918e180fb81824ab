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
///   ``HubStore/clocklessResendWindow`` before it (checked in the commit transaction, for a
///   device reconnecting to resend). A repeat of the same value later than that is kept. A clockless
///   device that resends its memory hours later cannot be told apart; the gateway sets the device
///   clock on every connection so this case stays rare.
public enum ReadingDedupeKey {
    /// Builds the key text. `characteristic` and `deviceAddress` are expected normalised (upper-case).
    public static func make(
        deviceAddress: String, userIndex: Int?, characteristic: String, deviceTime: DeviceWallClock?,
        raw: [UInt8], connectionID: String
    ) -> String {
        make(deviceAddress: deviceAddress, userIndex: userIndex, characteristic: characteristic,
             deviceTimeText: deviceTime?.description, raw: raw, connectionID: connectionID)
    }

    /// ``make(deviceAddress:userIndex:characteristic:deviceTime:raw:connectionID:)`` with the device
    /// time as its text (a validated `DeviceWallClock` text is its own description), written
    /// straight into the key's one allocation.
    static func make(
        deviceAddress: String, userIndex: Int?, characteristic: String, deviceTimeText: String?,
        raw: [UInt8], connectionID: String
    ) -> String {
        let middle = deviceTimeText ?? connectionID
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { scratch -> String in
            let user = decimal(userIndex, into: scratch)
            let count = 2 + deviceAddress.utf8.count + 1 + user.count + 1 + characteristic.utf8.count + 1
                + middle.utf8.count + 1 + 2 * raw.count
            return String(unsafeUninitializedCapacity: count) { out in
                var at = 0
                func put(_ byte: UInt8) {
                    out[at] = byte
                    at += 1
                }
                func put(_ text: String) {
                    let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                        UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(out)[at..<(at + bytes.count)])
                            .copyMemory(from: UnsafeRawBufferPointer(bytes))
                        at += bytes.count
                        return true
                    }
                    if copied == nil { for byte in text.utf8 { put(byte) } }
                }
                put(deviceTimeText == nil ? UInt8(ascii: "n") : UInt8(ascii: "t"))
                put(UInt8(ascii: "|")); put(deviceAddress)
                put(UInt8(ascii: "|")); for byte in user { put(byte) }
                put(UInt8(ascii: "|")); put(characteristic)
                put(UInt8(ascii: "|")); put(middle)
                put(UInt8(ascii: "|"))
                for byte in raw {
                    put(hexDigits[Int(byte >> 4)])
                    put(hexDigits[Int(byte & 0x0F)])
                }
                return at
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The user index as `String(_:)` writes it, or `-` for none, in `scratch` (24 bytes).
    private static func decimal(_ value: Int?, into scratch: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer.SubSequence {
        guard let value else {
            scratch[0] = UInt8(ascii: "-")
            return UnsafeRawBufferPointer(scratch)[0..<1]
        }
        var magnitude = value.magnitude
        var start = scratch.count
        repeat {
            start -= 1
            scratch[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            start -= 1
            scratch[start] = UInt8(ascii: "-")
        }
        return UnsafeRawBufferPointer(scratch)[start..<scratch.count]
    }
}
