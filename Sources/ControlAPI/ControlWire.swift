import DBus
import Foundation

/// The `a{sv}` form of the control API's values (docs/CONTROL-API.md): snake_case keys, times as
/// `ControlTime` text, and a key left out when its value is unknown. Decoding checks every key it
/// needs and says which one is wrong; it never traps on what a peer sent.
package enum ControlWire {
    // MARK: encoding

    package static func encode(_ status: ControlStatus) -> DBusValue {
        var pairs: [(String, DBusValue)] = [
            ("version", .string(status.version)),
            ("bluez_running", .boolean(status.bluezRunning)),
        ]
        if let adapter = status.adapter { pairs.append(("adapter", .string(adapter))) }
        pairs += [
            ("paired_devices", count(status.pairedDevices)),
            ("assigned_devices", count(status.assignedDevices)),
            ("outbox_pending", count(status.outboxPending)),
        ]
        if let last = status.lastReadingAt { pairs.append(("last_reading_at", .string(ControlTime.text(last)))) }
        if let forwarding = status.forwarding {
            pairs.append(("forwarding", .boolean(forwarding.configured)))
            pairs.append(("dead_letters", count(forwarding.deadLetters)))
            for (key, date) in [("oldest_undelivered_at", forwarding.oldestUndeliveredAt), ("last_delivery_at", forwarding.lastSuccessAt),
                                ("last_forwarding_error_at", forwarding.lastErrorAt)] {
                if let date { pairs.append((key, .string(ControlTime.text(date)))) }
            }
            if let error = forwarding.lastError { pairs.append(("last_forwarding_error", .string(error))) }
        }
        return .stringVariantDict(pairs)
    }

    package static func encode(_ device: ControlDevice) -> DBusValue {
        var pairs: [(String, DBusValue)] = [("address", .string(device.address)), ("kind", .string(device.kind))]
        for (key, value) in [("model", device.model), ("manufacturer", device.manufacturer), ("serial", device.serial),
                             ("firmware", device.firmware)] {
            if let value { pairs.append((key, .string(value))) }
        }
        pairs += [
            ("paired_at", .string(ControlTime.text(device.pairedAt))),
            ("paired_by", .string(device.pairedBy)),
            ("assignments", .array(element: "a{sv}", device.assignments.map(encode))),
        ]
        if let state = device.state { pairs.append(("state", .string(state))) }
        if let battery = device.battery { pairs.append(("battery", .int32(Int32(clamping: battery)))) }
        if let last = device.lastReadingAt { pairs.append(("last_reading_at", .string(ControlTime.text(last)))) }
        return .stringVariantDict(pairs)
    }

    package static func encode(_ assignment: ControlAssignment) -> DBusValue {
        var pairs: [(String, DBusValue)] = [("patient", .string(assignment.patient))]
        if let index = assignment.userIndex { pairs.append(("user_index", .int32(Int32(clamping: index)))) }
        pairs += [("assigned_at", .string(ControlTime.text(assignment.assignedAt))), ("assigned_by", .string(assignment.assignedBy))]
        return .stringVariantDict(pairs)
    }

    package static func encode(_ reading: TestReading) -> DBusValue {
        var pairs: [(String, DBusValue)] = [
            ("address", .string(reading.address)),
            ("characteristic", .string(reading.characteristic)),
            ("measurement", .string(reading.measurementJSON)),
        ]
        switch reading.outcome {
        case .stored: pairs.append(("outcome", .string("stored")))
        case .duplicate: pairs.append(("outcome", .string("duplicate")))
        case let .notStored(reason): pairs += [("outcome", .string("not_stored")), ("reason", .string(reason))]
        case let .rejected(reason): pairs += [("outcome", .string("rejected")), ("reason", .string(reason))]
        }
        if let colour = reading.colour { pairs.append(("colour", .string(colour))) }
        if let text = reading.text { pairs.append(("text", .string(text))) }
        pairs.append(("received_at", .string(ControlTime.text(reading.receivedAt))))
        return .stringVariantDict(pairs)
    }

    package static let devicesSignature: Signature = "aa{sv}"

    package static func encode(_ devices: [ControlDevice]) -> DBusValue {
        .array(element: "a{sv}", devices.map(encode))
    }

    private static func count(_ value: Int) -> DBusValue { .uint32(UInt32(clamping: value)) }

    // MARK: decoding

    package static func status(_ value: DBusValue?) throws(ControlError) -> ControlStatus {
        let dict = try Fields(value, "status")
        return ControlStatus(
            version: try dict.string("version"), bluezRunning: try dict.bool("bluez_running"),
            adapter: try dict.optionalString("adapter"), pairedDevices: try dict.count("paired_devices"),
            assignedDevices: try dict.count("assigned_devices"), outboxPending: try dict.count("outbox_pending"),
            lastReadingAt: try dict.optionalDate("last_reading_at"), forwarding: try forwarding(dict))
    }

    /// The forwarding keys of a status; nil when the daemon sends none (an older carehubd).
    private static func forwarding(_ dict: Fields) throws(ControlError) -> ControlForwarding? {
        guard let configured = try dict.optionalBool("forwarding") else { return nil }
        return ControlForwarding(
            configured: configured, oldestUndeliveredAt: try dict.optionalDate("oldest_undelivered_at"),
            lastSuccessAt: try dict.optionalDate("last_delivery_at"), lastError: try dict.optionalString("last_forwarding_error"),
            lastErrorAt: try dict.optionalDate("last_forwarding_error_at"), deadLetters: try dict.count("dead_letters"))
    }

    package static func devices(_ value: DBusValue?) throws(ControlError) -> [ControlDevice] {
        guard let elements = value?.arrayElements else { throw malformed("the device list is not an array") }
        var devices: [ControlDevice] = []
        for element in elements { devices.append(try device(element)) }
        return devices
    }

    package static func device(_ value: DBusValue?) throws(ControlError) -> ControlDevice {
        let dict = try Fields(value, "device")
        guard let list = dict.values["assignments"]?.arrayElements else { throw malformed("device: 'assignments' is missing or not an array") }
        var assignments: [ControlAssignment] = []
        for element in list { assignments.append(try assignment(element)) }
        return ControlDevice(
            address: try dict.string("address"), kind: try dict.string("kind"), model: try dict.optionalString("model"),
            manufacturer: try dict.optionalString("manufacturer"), serial: try dict.optionalString("serial"),
            firmware: try dict.optionalString("firmware"), pairedAt: try dict.date("paired_at"),
            pairedBy: try dict.string("paired_by"), assignments: assignments, state: try dict.optionalString("state"),
            battery: try dict.optionalInt("battery"), lastReadingAt: try dict.optionalDate("last_reading_at"))
    }

    package static func assignment(_ value: DBusValue?) throws(ControlError) -> ControlAssignment {
        let dict = try Fields(value, "assignment")
        return ControlAssignment(
            patient: try dict.string("patient"), userIndex: try dict.optionalInt("user_index"),
            assignedAt: try dict.date("assigned_at"), assignedBy: try dict.string("assigned_by"))
    }

    package static func reading(_ value: DBusValue?) throws(ControlError) -> TestReading {
        let dict = try Fields(value, "test reading")
        let outcome: TestReading.Outcome
        switch try dict.string("outcome") {
        case "stored": outcome = .stored
        case "duplicate": outcome = .duplicate
        case "not_stored": outcome = .notStored(reason: try dict.string("reason"))
        case "rejected": outcome = .rejected(reason: try dict.string("reason"))
        case let other: throw malformed("test reading: unknown outcome '\(other)'")
        }
        return TestReading(
            address: try dict.string("address"), characteristic: try dict.string("characteristic"),
            measurementJSON: try dict.string("measurement"), outcome: outcome, colour: try dict.optionalString("colour"),
            text: try dict.optionalString("text"), receivedAt: try dict.date("received_at"))
    }

    package static func malformed(_ what: String) -> ControlError {
        .other("The CareHub daemon sent a malformed reply: \(what).")
    }

    /// The keys of one `a{sv}`, with typed, checked getters.
    private struct Fields {
        let values: [String: DBusValue]
        let what: String

        init(_ value: DBusValue?, _ what: String) throws(ControlError) {
            guard let values = value?.variantDict else { throw ControlWire.malformed("the \(what) is not an a{sv}") }
            self.values = values
            self.what = what
        }

        func string(_ key: String) throws(ControlError) -> String {
            guard let value = try optionalString(key) else { throw missing(key) }
            return value
        }

        func optionalString(_ key: String) throws(ControlError) -> String? {
            guard let value = values[key] else { return nil }
            guard let text = value.string else { throw wrong(key, "a string") }
            return text
        }

        func bool(_ key: String) throws(ControlError) -> Bool {
            guard let value = values[key] else { throw missing(key) }
            guard let flag = value.bool else { throw wrong(key, "a boolean") }
            return flag
        }

        func optionalBool(_ key: String) throws(ControlError) -> Bool? {
            guard let value = values[key] else { return nil }
            guard let flag = value.bool else { throw wrong(key, "a boolean") }
            return flag
        }

        func count(_ key: String) throws(ControlError) -> Int {
            guard let value = values[key] else { throw missing(key) }
            guard let number = value.uint32 else { throw wrong(key, "a uint32") }
            return Int(number)
        }

        func optionalInt(_ key: String) throws(ControlError) -> Int? {
            guard let value = values[key] else { return nil }
            guard let number = value.int32 else { throw wrong(key, "an int32") }
            return Int(number)
        }

        func date(_ key: String) throws(ControlError) -> Date {
            guard let value = try optionalDate(key) else { throw missing(key) }
            return value
        }

        func optionalDate(_ key: String) throws(ControlError) -> Date? {
            guard let text = try optionalString(key) else { return nil }
            guard let date = ControlTime.date(text) else { throw wrong(key, "an ISO 8601 UTC time") }
            return date
        }

        private func missing(_ key: String) -> ControlError { ControlWire.malformed("\(what): '\(key)' is missing") }
        private func wrong(_ key: String, _ type: String) -> ControlError { ControlWire.malformed("\(what): '\(key)' is not \(type)") }
    }
}
