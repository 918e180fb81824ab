import Foundation

/// Payload fixtures by id, read from `fixtures/payloads/*.json` (arrays of `{"id","characteristic","hex",...}`;
/// other keys, such as the expected decoding, are ignored here).
public struct PayloadLibrary: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let id: String
        public let characteristic: BluetoothUUID
        public let bytes: [UInt8]
        public let file: String

        public init(id: String, characteristic: BluetoothUUID, bytes: [UInt8], file: String) {
            self.id = id
            self.characteristic = characteristic
            self.bytes = bytes
            self.file = file
        }
    }

    public private(set) var entries: [String: Entry] = [:]

    public init(entries: [Entry] = []) {
        for entry in entries { self.entries[entry.id] = entry }
    }

    public subscript(id: String) -> Entry? { entries[id] }

    /// Loads every `*.json` file of `directory` (sorted by name); a missing directory is an empty library.
    public static func load(directory: String) throws(ScenarioError) -> PayloadLibrary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            return PayloadLibrary()
        }
        var library = PayloadLibrary()
        for name in names {
            let file = (directory as NSString).appendingPathComponent(name)
            for entry in try loadFile(file) {
                if let previous = library.entries[entry.id] {
                    throw ScenarioError(file: file, path: "id", message: "duplicate payload id '\(entry.id)' (also in \(previous.file))")
                }
                library.entries[entry.id] = entry
            }
        }
        return library
    }

    static func loadFile(_ file: String) throws(ScenarioError) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ScenarioError(file: file, path: "(root)", message: "cannot read file")
        }
        do {
            return try JSONDecoder().decode([RawEntry].self, from: data).map {
                Entry(id: $0.id, characteristic: $0.characteristic, bytes: $0.bytes, file: file)
            }
        } catch {
            throw ScenarioError.from(error, file: file)
        }
    }

    private struct RawEntry: Decodable {
        let id: String
        let characteristic: BluetoothUUID
        let bytes: [UInt8]

        enum CodingKeys: String, CodingKey { case id, characteristic, hex }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            let text = try c.decode(String.self, forKey: .characteristic)
            guard let uuid = characteristicNames[text.lowercased()] ?? BluetoothUUID(text) else {
                throw c.invalid(.characteristic, "'\(text)' is not a characteristic UUID or known name")
            }
            characteristic = uuid
            bytes = try c.hexBytes(try c.decode(String.self, forKey: .hex), .hex)
        }
    }
}

/// Characteristic names accepted in payload files (as `carehub decode` accepts them).
let characteristicNames: [String: BluetoothUUID] = [
    "blood-pressure-measurement": BluetoothUUID(short: 0x2A35),
    "intermediate-cuff-pressure": BluetoothUUID(short: 0x2A36),
    "weight-measurement": BluetoothUUID(short: 0x2A9D),
    "body-composition-measurement": BluetoothUUID(short: 0x2A9C),
    "current-time": BluetoothUUID(short: 0x2A2B),
    "date-time": BluetoothUUID(short: 0x2A08),
    "battery-level": BluetoothUUID(short: 0x2A19),
]
