/// Encodes `Encodable` values to a ``JSONNode``: members in `CodingKeys` order, nil optionals left
/// out (FHIR forbids `null`), ``FHIRDecimal`` as its exact number text.
enum JSONNodeEncoder {
    static func encode(_ value: some Encodable) throws -> JSONNode {
        let root = Slot()
        try value.encode(to: NodeEncoder(slot: root, codingPath: []))
        return root.node
    }

    /// A node under construction (containers are filled in place, so they are reference types).
    final class Slot {
        enum Kind { case unset, value(JSONNode), object, array }
        var kind: Kind = .unset
        var members: [(key: String, slot: Slot)] = []
        var items: [Slot] = []

        func member(_ key: String) -> Slot {
            if let existing = members.first(where: { $0.key == key }) { return existing.slot }
            let slot = Slot()
            members.append((key, slot))
            return slot
        }

        func appendItem() -> Slot {
            let slot = Slot()
            items.append(slot)
            return slot
        }

        var node: JSONNode {
            switch kind {
            case .unset, .object: .object(members.map { JSONNode.Member($0.key, $0.slot.node) })
            case .value(let node): node
            case .array: .array(items.map(\.node))
            }
        }
    }

    struct NodeEncoder: Encoder {
        let slot: Slot
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .unset = slot.kind { slot.kind = .object }
            return KeyedEncodingContainer(Keyed<Key>(slot: slot, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            slot.kind = .array
            return Unkeyed(slot: slot, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(slot: slot, codingPath: codingPath) }
    }

    static func primitive(_ value: some Encodable) throws -> JSONNode? {
        switch value {
        case let value as String: return .string(value)
        case let value as Bool: return .bool(value)
        case let value as Int: return .number(String(value))
        case let value as Int64: return .number(String(value))
        case let value as Int32: return .number(String(value))
        case let value as UInt: return .number(String(value))
        case let value as UInt64: return .number(String(value))
        case let value as UInt32: return .number(String(value))
        case let value as UInt16: return .number(String(value))
        case let value as UInt8: return .number(String(value))
        case let value as Double:
            guard value.isFinite else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON has no \(value)"))
            }
            return .number(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))
        default: return nil
        }
    }

    static func encode(_ value: some Encodable, into slot: Slot, path: [any CodingKey]) throws {
        if let node = try primitive(value) {
            slot.kind = .value(node)
        } else {
            try value.encode(to: NodeEncoder(slot: slot, codingPath: path))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: Slot
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { slot.member(key.stringValue).kind = .value(.null) }
        mutating func encode(_ value: some Encodable, forKey key: Key) throws {
            try JSONNodeEncoder.encode(value, into: slot.member(key.stringValue), path: codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            NodeEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { NodeEncoder(slot: slot.member("super"), codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            NodeEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let slot: Slot
        let codingPath: [any CodingKey]
        var count: Int { slot.items.count }

        mutating func encodeNil() throws { slot.appendItem().kind = .value(.null) }
        mutating func encode(_ value: some Encodable) throws {
            try JSONNodeEncoder.encode(value, into: slot.appendItem(), path: codingPath)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(slot: slot.appendItem(), codingPath: codingPath).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            NodeEncoder(slot: slot.appendItem(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { NodeEncoder(slot: slot.appendItem(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let slot: Slot
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { slot.kind = .value(.null) }
        mutating func encode(_ value: some Encodable) throws { try JSONNodeEncoder.encode(value, into: slot, path: codingPath) }
    }
}
