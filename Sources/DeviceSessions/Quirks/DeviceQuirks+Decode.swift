import HealthProfiles

extension DeviceQuirks {
    /// Decodes a value from this device: applies the byte-level fixes of its quirks, then the SIG
    /// decoder. Proprietary frames are decoded from their own layout or refused with a reason;
    /// never read as if they were SIG layout. Pure; the caller stores the raw payload as received.
    public func decode(_ characteristic: Characteristic, _ payload: [UInt8]) throws(DecodeError) -> Measurement {
        if let layout = proprietary[characteristic] {
            switch layout {
            case .xiaomiMiScale13: return try Self.decodeMiScale13(payload)
            case .renphoWeight:
                throw .invalidCombination(field: "payload", reason: "Renpho ES-WBE28 proprietary weight frame on 0x2A9D "
                    + "(layout not verified; refused rather than misread)", offset: 0)
            }
        }
        if bigEndianPulseAndStatus, characteristic == .bloodPressureMeasurement || characteristic == .intermediateCuffPressure {
            return try HealthProfiles.decode(characteristic, Self.normalizeBigEndianBloodPressure(payload))
        }
        return try HealthProfiles.decode(characteristic, payload)
    }

    /// Rewrites a Beurer 0x2A35 payload into SIG layout: pulse SFLOAT and status uint16 byte-swapped
    /// to little-endian; the user-ID byte that is always present is announced with flag bit 3;
    /// reserved flag bits 5-7 cleared. A payload without the extra user byte is accepted too.
    static func normalizeBigEndianBloodPressure(_ payload: [UInt8]) throws(DecodeError) -> [UInt8] {
        guard let flags = payload.first else {
            throw .truncated(field: "flags", needed: 1, remaining: 0, offset: 0)
        }
        let hasTime = flags & 0x02 != 0, hasPulse = flags & 0x04 != 0, hasStatus = flags & 0x10 != 0
        let base = 7 + (hasTime ? 7 : 0) + (hasPulse ? 2 : 0)
        let status = hasStatus ? 2 : 0
        let hasUser: Bool
        switch payload.count {
        case base + 1 + status: hasUser = true
        case base + status: hasUser = false
        default:
            if payload.count < base + status {
                throw .truncated(field: "beurer_payload", needed: base + 1 + status, remaining: payload.count, offset: 0)
            }
            throw .trailingBytes(count: payload.count - (base + 1 + status), offset: base + 1 + status)
        }
        var out = payload
        out[0] = (flags & 0x17) | (hasUser ? 0x08 : 0)
        if hasPulse {
            let at = base - 2
            out.swapAt(at, at + 1)
        }
        if hasStatus {
            let at = payload.count - 2
            out.swapAt(at, at + 1)
        }
        return out
    }

    /// Xiaomi Mi scale 13-byte frame: ctrl0, ctrl1 (0x01 lb, 0x02 impedance, 0x20 stable, 0x40 catty,
    /// 0x80 removed), year LE, month, day, h, m, s, impedance LE, weight LE (/200 kg or /100 lb).
    /// Only stable, on-scale, kg/lb frames become a Weight Measurement.
    static func decodeMiScale13(_ payload: [UInt8]) throws(DecodeError) -> Measurement {
        guard payload.count >= 13 else {
            throw .truncated(field: "mi_scale_frame", needed: 13, remaining: payload.count, offset: 0)
        }
        guard payload.count == 13 else { throw .trailingBytes(count: payload.count - 13, offset: 13) }
        let control = payload[1]
        if control & 0x40 != 0 {
            throw .invalidCombination(field: "ctrl1", reason: "Mi scale frame in catty units (not supported)", offset: 1)
        }
        if control & 0x80 != 0 || control & 0x20 == 0 {
            throw .invalidCombination(field: "ctrl1", reason: "Mi scale frame is not a stable weighing (live or removed)", offset: 1)
        }
        let year = UInt16(payload[2]) | UInt16(payload[3]) << 8
        let time = DateTime(year: year, month: payload[4], day: payload[5], hours: payload[6], minutes: payload[7], seconds: payload[8])
        try time.validate(field: "timestamp", offset: 2)
        let weight = UInt16(payload[11]) | UInt16(payload[12]) << 8
        let unit: MassUnit = control & 0x01 != 0 ? .imperial : .si
        return .weight(WeightMeasurement(unit: unit, weightRaw: weight, timestamp: time))
    }
}
