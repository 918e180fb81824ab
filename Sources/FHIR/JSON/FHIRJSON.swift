/// Encoding and decoding of FHIR resources as JSON, deterministic and exact (see ``JSONNode``).
public enum FHIRJSON {
    /// The JSON of a resource or datatype: members in declaration order, absent elements left out.
    public static func node(_ value: some Encodable) throws -> JSONNode { try JSONNodeEncoder.encode(value) }

    /// JSON text (pretty: two-space indent, one member per line; compact: one line), no trailing newline.
    /// Written straight to text (``JSONTextEncoder``), the same text as `node(value).rendered(pretty:)`.
    public static func encode(_ value: some Encodable, pretty: Bool = false) throws -> String {
        try JSONTextEncoder.encode(value, pretty: pretty)
    }

    /// Decodes a value from JSON text; a text that is not JSON throws ``JSONParseError``, JSON of the
    /// wrong shape throws `DecodingError`.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONNodeDecoder.decode(type, from: JSONNode.parse(text))
    }

    /// Decodes a value from a parsed node.
    public static func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        try JSONNodeDecoder.decode(type, from: node)
    }
}
