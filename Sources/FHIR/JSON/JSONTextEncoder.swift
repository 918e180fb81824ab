/// Encodes `Encodable` values straight to JSON text, with exactly the output of rendering
/// ``JSONNodeEncoder``'s tree (members in `CodingKeys` order, nil optionals left out, ``FHIRDecimal``
/// as its exact text) but without building the tree: on the hub every reading's resources are
/// encoded at commit, and the node tree (a class per value, linear member lookups) was most of that.
///
/// Codable never says when a container is finished, so open containers are a stack: writing into
/// one closes those opened inside it, and a value's containers are closed when its `encode(to:)`
/// returns. What a tree could take and a stream cannot (the same key twice, writing into a container
/// after a sibling was started, `superEncoder`) is reported as an `EncodingError`; FHIR's types do
/// none of it.
enum JSONTextEncoder {
    static func encode(_ value: some Encodable, pretty: Bool) throws -> String {
        let writer = Writer(pretty: pretty)
        try writer.encode(value, path: [])
        writer.close(downTo: 0)
        if let misuse = writer.misuse {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: misuse))
        }
        return writer.text
    }

    /// The text and the stack of open containers.
    final class Writer {
        struct Frame {
            var id: Int
            var isObject: Bool
            var count = 0
            /// Where this container's keys start in `keys`.
            var firstKey: Int
        }

        var text = ""
        let pretty: Bool
        var frames: [Frame] = []
        /// The keys written so far into each open object, innermost last (to refuse a key twice).
        var keys: [String] = []
        var lastID = 0
        /// Values started so far (scalars and containers): a value that started none wrote nothing.
        var started = 0
        var misuse: String?

        init(pretty: Bool) {
            self.pretty = pretty
            text.reserveCapacity(2048)
        }

        func encode(_ value: some Encodable, path: [any CodingKey]) throws {
            started += 1
            if try primitive(value) { return }
            let base = frames.count, before = started
            try value.encode(to: Encoder(writer: self, base: base, codingPath: path))
            if started == before {
                text += "{}"  // a value that wrote nothing is an empty object, as in the node tree
            } else {
                close(downTo: base)
            }
        }

        /// Writes `value` when it is a JSON scalar (or JSON kept as a node); false for other values.
        private func primitive(_ value: some Encodable) throws -> Bool {
            switch value {
            case let value as String: JSONNode.escape(value, into: &text)
            case let value as FHIRDecimal: text += value.text
            case let value as Bool: text += value ? "true" : "false"
            case let value as Int: text += String(value)
            case let value as Double:
                guard case .number(let number)? = try JSONNodeEncoder.primitive(value) else { return false }
                text += number
            case let value as Resource:
                guard case .other(_, let json) = value else { return false }
                json.render(into: &text, pretty: pretty, indent: frames.count)
            default:
                guard let node = try JSONNodeEncoder.primitive(value) else { return false }
                node.render(into: &text, pretty: pretty, indent: frames.count)
            }
            return true
        }

        /// Opens a container one level below the current ones; returns its place on the stack.
        func open(object: Bool) -> (index: Int, id: Int) {
            started += 1
            lastID += 1
            text += object ? "{" : "["
            frames.append(Frame(id: lastID, isObject: object, firstKey: keys.count))
            return (frames.count - 1, lastID)
        }

        /// Closes open containers until `count` are left.
        func close(downTo count: Int) {
            while frames.count > count {
                let frame = frames.removeLast()
                keys.removeSubrange(frame.firstKey...)
                if pretty, frame.count > 0 { newline(frames.count) }
                text += frame.isObject ? "}" : "]"
            }
        }

        /// Starts the next member (`key`) or item (nil) of the container at `index`: closes the
        /// containers opened inside it, then writes the separator and the key.
        func element(of index: Int, id: Int, key: String?) {
            guard index < frames.count, frames[index].id == id else {
                misuse = misuse ?? "a container was written after a later sibling had started"
                return
            }
            close(downTo: index + 1)
            if let key {
                if keys[frames[index].firstKey...].contains(key) { misuse = misuse ?? "\(key) was encoded twice" }
                keys.append(key)
            }
            if frames[index].count > 0 { text += "," }
            frames[index].count += 1
            if pretty { newline(index + 1) }
            if let key {
                JSONNode.escape(key, into: &text)
                text += pretty ? ": " : ":"
            }
        }

        private func newline(_ level: Int) {
            text += "\n"
            for _ in 0..<level { text += "  " }
        }
    }

    /// The encoder of one value, which starts at stack depth `base`.
    struct Encoder: Swift.Encoder {
        let writer: Writer
        let base: Int
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        /// The value's own container: the one it opened already (Codable lets a value ask twice), or a new one.
        private func own(object: Bool) -> (index: Int, id: Int) {
            if writer.frames.count > base {
                writer.close(downTo: base + 1)
                if writer.frames[base].isObject != object {
                    writer.misuse = writer.misuse ?? "a value asked for an object and an array"
                }
                return (base, writer.frames[base].id)
            }
            return writer.open(object: object)
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let (index, id) = own(object: true)
            return KeyedEncodingContainer(Keyed<Key>(writer: writer, index: index, id: id, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let (index, id) = own(object: false)
            return Unkeyed(writer: writer, index: index, id: id, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(writer: writer, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer
        let index: Int
        let id: Int
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws {
            writer.element(of: index, id: id, key: key.stringValue)
            writer.started += 1
            writer.text += "null"
        }
        mutating func encode(_ value: some Encodable, forKey key: Key) throws {
            writer.element(of: index, id: id, key: key.stringValue)
            try writer.encode(value, path: codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            writer.element(of: index, id: id, key: key.stringValue)
            let (nested, nestedID) = writer.open(object: true)
            return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, index: nested, id: nestedID, codingPath: codingPath + [key]))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            writer.element(of: index, id: id, key: key.stringValue)
            let (nested, nestedID) = writer.open(object: false)
            return Unkeyed(writer: writer, index: nested, id: nestedID, codingPath: codingPath + [key])
        }
        mutating func superEncoder() -> any Swift.Encoder { unsupported() }
        mutating func superEncoder(forKey key: Key) -> any Swift.Encoder { unsupported() }

        private func unsupported() -> any Swift.Encoder {
            writer.misuse = writer.misuse ?? "superEncoder is not supported"
            return JSONNodeEncoder.NodeEncoder(slot: JSONNodeEncoder.Slot(), codingPath: codingPath)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let writer: Writer
        let index: Int
        let id: Int
        let codingPath: [any CodingKey]
        var count: Int { index < writer.frames.count && writer.frames[index].id == id ? writer.frames[index].count : 0 }

        mutating func encodeNil() throws {
            writer.element(of: index, id: id, key: nil)
            writer.started += 1
            writer.text += "null"
        }
        mutating func encode(_ value: some Encodable) throws {
            writer.element(of: index, id: id, key: nil)
            try writer.encode(value, path: codingPath)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            writer.element(of: index, id: id, key: nil)
            let (nested, nestedID) = writer.open(object: true)
            return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, index: nested, id: nestedID, codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            writer.element(of: index, id: id, key: nil)
            let (nested, nestedID) = writer.open(object: false)
            return Unkeyed(writer: writer, index: nested, id: nestedID, codingPath: codingPath)
        }
        mutating func superEncoder() -> any Swift.Encoder {
            writer.misuse = writer.misuse ?? "superEncoder is not supported"
            return JSONNodeEncoder.NodeEncoder(slot: JSONNodeEncoder.Slot(), codingPath: codingPath)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let writer: Writer
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws {
            writer.started += 1
            writer.text += "null"
        }
        mutating func encode(_ value: some Encodable) throws { try writer.encode(value, path: codingPath) }
    }
}
