/// A coding key for reading whatever keys a JSON object has.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue; intValue = nil }
    init(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

extension Decoder {
    /// Throws if the JSON object has a key outside `known`, so typos in scenario files are caught.
    func rejectUnknownKeys<Key: CodingKey & CaseIterable>(_: Key.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Key.allCases.map(\.stringValue))
        for key in container.allKeys where !known.contains(key.stringValue) {
            let expected = Key.allCases.map(\.stringValue).sorted().joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath + [key],
                debugDescription: "unknown key '\(key.stringValue)' (expected one of: \(expected))"))
        }
    }
}

extension KeyedDecodingContainer {
    func invalid(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message)
    }

    /// Decodes a non-negative millisecond count.
    func milliseconds(_ key: Key) throws -> Int? {
        guard let value = try decodeIfPresent(Int.self, forKey: key) else { return nil }
        guard value >= 0 else { throw invalid(key, "must be >= 0 milliseconds, got \(value)") }
        return value
    }

    func address(_ key: Key) throws -> BluetoothAddress {
        let text = try decode(String.self, forKey: key)
        guard let address = BluetoothAddress(text) else {
            throw invalid(key, "'\(text)' is not a Bluetooth address like AA:BB:CC:DD:EE:FF")
        }
        return address
    }

    func uuid(_ text: String, _ key: Key) throws -> BluetoothUUID {
        guard let uuid = BluetoothUUID(text) else {
            throw invalid(key, "'\(text)' is not a UUID (use 2A35, 0x2A35 or a 128-bit UUID)")
        }
        return uuid
    }

    func hexBytes(_ text: String, _ key: Key) throws -> [UInt8] {
        guard let bytes = parseHex(text) else { throw invalid(key, "'\(text)' is not an even-length hex string") }
        return bytes
    }
}

/// Formats a coding path as `peripherals[0].pairing.passkey`.
func jsonPath(_ codingPath: [any CodingKey]) -> String {
    var path = ""
    for key in codingPath {
        if let index = key.intValue {
            path += "[\(index)]"
        } else {
            path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return path.isEmpty ? "(root)" : path
}
