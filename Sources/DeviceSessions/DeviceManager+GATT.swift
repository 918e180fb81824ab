import BlueZ
import DBus
import Foundation
import HealthProfiles

extension DeviceManager {
    /// Reads Device Information strings (best effort: devices expose different subsets).
    /// A lost link is rethrown; other read errors leave the field empty.
    func readIdentity(path: ObjectPath) async -> DeviceIdentity {
        let characteristics = await client.characteristics(of: path)
        func string(_ kind: Characteristic) async -> String? {
            guard let char = characteristics.first(where: { $0.uuid == BluetoothUUID(kind.rawValue) }),
                  let bytes = try? await client.readValue(characteristic: char.path, offset: 0, timeout: BlueZTimeouts.gatt),
                  case let .deviceInformation(value)? = try? HealthProfiles.decode(kind, bytes) else { return nil }
            let trimmed = value.value.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
            return trimmed.isEmpty ? nil : trimmed
        }
        return DeviceIdentity(
            model: await string(.modelNumberString), manufacturer: await string(.manufacturerNameString),
            serial: await string(.serialNumberString), firmware: await string(.firmwareRevisionString),
            advertisedName: await client.device(at: path)?.name)
    }

    /// Reads Battery Level 0x2A19 if present; a lost link is rethrown.
    func readBattery(path: ObjectPath) async throws -> Int? {
        guard let char = await client.characteristics(of: path).first(where: { $0.uuid == BluetoothUUID(Characteristic.batteryLevel.rawValue) }),
              char.flags.contains("read") else { return nil }
        do {
            let bytes = try await client.readValue(characteristic: char.path, offset: 0, timeout: BlueZTimeouts.gatt)
            guard case let .batteryLevel(level)? = try? HealthProfiles.decode(.batteryLevel, bytes) else { return nil }
            return Int(level.percent)
        } catch let error where error.isTransient || error.isObjectMissing {
            throw SessionFailure.bluez(error)
        } catch {
            return nil
        }
    }

    /// The vendor writes a quirk asks for (A&D "send all data"), when the device has the characteristic.
    func vendorWrites(path: ObjectPath, quirks: DeviceQuirks) async throws {
        guard !quirks.vendorWrites.isEmpty else { return }
        let characteristics = await client.characteristics(of: path)
        for write in quirks.vendorWrites {
            guard let char = characteristics.first(where: { $0.uuid.string == write.characteristicUUID }) else { continue }
            do {
                try await client.writeValue(characteristic: char.path, write.bytes, type: .request, timeout: BlueZTimeouts.gatt)
            } catch let error where error.isTransient || error.isObjectMissing {
                throw SessionFailure.bluez(error)
            } catch {
                logger.warning("vendor write failed", metadata: ["purpose": "\(write.purpose)", "error": "\(error)"])
            }
        }
    }

    /// Checks the device clock (Current Time read; the drift is logged) and sets it on every
    /// connection where a writable Current Time / Date Time exists, in the format the quirk names:
    /// cuffs that hold their data until the clock is set (A&D, Omron) need it each time, and
    /// openScale does the same for standard scales. Best effort, except a lost link.
    func syncClock(path: ObjectPath, quirks: DeviceQuirks) async throws {
        let characteristics = await client.characteristics(of: path)
        func find(_ kind: Characteristic) -> GattCharacteristic? {
            characteristics.first { $0.uuid == BluetoothUUID(kind.rawValue) }
        }
        let currentTime = find(.currentTime), dateTime = find(.dateTime)
        if let currentTime, currentTime.flags.contains("read"),
           let bytes = try? await client.readValue(characteristic: currentTime.path, offset: 0, timeout: BlueZTimeouts.gatt) {
            if case let .currentTime(value)? = try? HealthProfiles.decode(.currentTime, bytes), let deviceDate = ClockCodec.date(value.dateTime) {
                logger.debug("device clock", metadata: ["drift_s": "\(Int(deviceDate.timeIntervalSince(now())))"])
            } else {
                logger.debug("device clock unknown")
            }
        }
        let target: (GattCharacteristic, [UInt8])?
        let writable = { (c: GattCharacteristic?) in c.flatMap { $0.flags.contains("write") ? $0 : nil } }
        switch quirks.timeWrite {
        case .dateTime?:
            target = writable(dateTime).map { ($0, ClockCodec.dateTime(now()).encoded()) }
                ?? writable(currentTime).map { ($0, ClockCodec.currentTime(now()).encoded()) }
        default:
            target = writable(currentTime).map { ($0, ClockCodec.currentTime(now()).encoded()) }
                ?? writable(dateTime).map { ($0, ClockCodec.dateTime(now()).encoded()) }
        }
        guard let (char, bytes) = target else { return }
        do {
            try await client.writeValue(characteristic: char.path, bytes, type: .request, timeout: BlueZTimeouts.gatt)
        } catch let error where error.isTransient || error.isObjectMissing {
            throw SessionFailure.bluez(error)
        } catch {
            logger.warning("time write failed", metadata: ["error": "\(error)"])
        }
    }
}

/// Local wall-clock time as Date Time / Current Time (these have no time zone: devices show local time).
enum ClockCodec {
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        return calendar
    }

    static func dateTime(_ date: Date) -> DateTime {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return DateTime(year: UInt16(clamping: c.year ?? 0), month: UInt8(clamping: c.month ?? 0), day: UInt8(clamping: c.day ?? 0),
                        hours: UInt8(clamping: c.hour ?? 0), minutes: UInt8(clamping: c.minute ?? 0), seconds: UInt8(clamping: c.second ?? 0))
    }

    static func currentTime(_ date: Date) -> CurrentTime {
        // Calendar weekday: 1 = Sunday; CTS: 1 = Monday ... 7 = Sunday.
        let weekday = calendar.component(.weekday, from: date)
        let dayOfWeek = UInt8(clamping: (weekday + 5) % 7 + 1)
        return CurrentTime(dateTime: dateTime(date), dayOfWeek: dayOfWeek, fractions256: 0, adjustReason: 0x01)
    }

    static func date(_ value: DateTime) -> Date? {
        guard value.isDateKnown else { return nil }
        return calendar.date(from: DateComponents(year: Int(value.year), month: Int(value.month), day: Int(value.day),
                                                  hour: Int(value.hours), minute: Int(value.minutes), second: Int(value.seconds)))
    }
}
