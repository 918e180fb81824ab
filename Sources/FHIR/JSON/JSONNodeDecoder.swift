/// Decodes `Decodable` values from a ``JSONNode``. Unknown members are ignored (a server may send
/// elements CareHub does not model); ``FHIRDecimal`` keeps the number's exact text.
enum JSONNodeDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        try decodeValue(type, node, path: [])
    }

    static func decodeValue<T: Decodable>(_ type: T.Type, _ node: JSONNode, path: [any CodingKey]) throws -> T {
        if let primitive = try primitive(type, node, path: path) { return primitive }
        return try T(from: NodeDecoder(node: node, codingPath: path))
    }

    /// The JSON primitives, decoded without going through `init(from:)`; nil for other types.
    private static func primitive<T>(_ type: T.Type, _ node: JSONNode, path: [any CodingKey]) throws -> T? {
        func mismatch(_ expected: String) -> DecodingError {
            .typeMismatch(T.self, .init(codingPath: path, debugDescription: "expected \(expected)"))
        }
        func integer<I: FixedWidthInteger>(_: I.Type) throws -> I {
            guard case .number(let text) = node, let value = I(text) else { throw mismatch("an integer") }
            return value
        }
        let value: Any
        switch type {
        case is String.Type:
            guard case .string(let text) = node else { throw mismatch("a string") }
            value = text
        case is Bool.Type:
            guard case .bool(let flag) = node else { throw mismatch("true or false") }
            value = flag
        case is Int.Type: value = try integer(Int.self)
        case is Int64.Type: value = try integer(Int64.self)
        case is UInt8.Type: value = try integer(UInt8.self)
        case is UInt16.Type: value = try integer(UInt16.self)
        case is Double.Type:
            guard case .number(let text) = node, let number = Double(text) else { throw mismatch("a number") }
            value = number
        default: return nil
        }
        return value as? T
    }

    struct NodeDecoder: Decoder {
        let node: JSONNode
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let members) = node else {
                throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "expected an object"))
            }
            return KeyedDecodingContainer(Keyed<Key>(members: members, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let items) = node else {
                throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "expected an array"))
            }
            return Unkeyed(items: items, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(node: node, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [JSONNode.Member]
        let codingPath: [any CodingKey]
        var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

        func node(_ key: Key) throws -> JSONNode {
            guard let member = members.first(where: { $0.key == key.stringValue }) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing \(key.stringValue)"))
            }
            return member.value
        }

        func contains(_ key: Key) -> Bool { members.contains { $0.key == key.stringValue } }
        func decodeNil(forKey key: Key) throws -> Bool { (try? node(key)).map { $0 == .null } ?? true }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONNodeDecoder.decodeValue(type, node(key), path: codingPath + [key])
        }
        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try NodeDecoder(node: node(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try NodeDecoder(node: node(key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        func superDecoder() throws -> any Decoder {
            NodeDecoder(node: members.first { $0.key == "super" }?.value ?? .null, codingPath: codingPath)
        }
        func superDecoder(forKey key: Key) throws -> any Decoder { NodeDecoder(node: try node(key), codingPath: codingPath + [key]) }
    }

    struct IndexKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ index: Int) { (stringValue, intValue) = ("\(index)", index) }
        init?(stringValue: String) { return nil }
        init?(intValue: Int) { self.init(intValue) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONNode]
        let codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        init(items: [JSONNode], codingPath: [any CodingKey]) {
            self.items = items
            self.codingPath = codingPath
        }

        mutating func next() throws -> (JSONNode, [any CodingKey]) {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "array ended"))
            }
            defer { currentIndex += 1 }
            return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (node, path) = try next()
            return try JSONNodeDecoder.decodeValue(type, node, path: path)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let (node, path) = try next()
            return try NodeDecoder(node: node, codingPath: path).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (node, path) = try next()
            return try NodeDecoder(node: node, codingPath: path).unkeyedContainer()
        }
        mutating func superDecoder() throws -> any Decoder {
            let (node, path) = try next()
            return NodeDecoder(node: node, codingPath: path)
        }
    }

    struct Single: SingleValueDecodingContainer {
        let node: JSONNode
        let codingPath: [any CodingKey]
        func decodeNil() -> Bool { node == .null }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONNodeDecoder.decodeValue(type, node, path: codingPath) }
    }
}
