/// One transaction entry rendered once, as compact JSON text with the upload time left out, so that
/// every upload of it splices text (``TransactionBundle/compactJSON(rendered:uploadTime:)``) instead
/// of decoding and encoding resources again. The hub renders a reading's entries at its commit and
/// stores them with the outbox row; a re-send is the same bytes but for `issued`.
public struct RenderedEntry: Codable, Hashable, Sendable {
    /// What the upload deduplicates by: the conditional-create search, else the fullUrl (a Device
    /// shared by several readings, a connection's coincident timestamp, is sent once per Bundle).
    public var key: String
    /// The entry as compact JSON, without `issued`.
    public var json: String
    /// The UTF-8 offset in `json` where `,"issued":"<upload time>"` goes (an Observation's `issued`
    /// follows its effective time); nil for entries that take no upload time.
    public var issuedOffset: Int?

    /// Renders `entry`: exactly its bytes in ``TransactionBundle``'s compact JSON, `issued` apart.
    public init(_ entry: FHIRBundle.Entry) throws {
        key = TransactionBundle.deduplicationKey(entry)
        guard case .observation(var observation)? = entry.resource, TransactionBundle.takesUploadTime(observation) else {
            json = try FHIRJSON.encode(entry)
            issuedOffset = nil
            return
        }
        // Encode with a placeholder `issued` and cut it out: its place is then wherever the encoder
        // puts `issued`, with no second copy of Observation's member order. The member text starts
        // with `,"` unescaped, so it cannot occur inside a string value.
        observation.issued = Self.placeholder
        var marked = entry
        marked.resource = .observation(observation)
        var text = try FHIRJSON.encode(marked)
        var member = #","issued":"#
        JSONNode.escape(Self.placeholder, into: &member)
        guard let offset = Self.offset(of: Array(member.utf8), in: text) else {
            throw EncodingError.invalidValue(entry, .init(codingPath: [], debugDescription: "no place for issued in the entry"))
        }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        text.removeSubrange(start..<text.utf8.index(start, offsetBy: member.utf8.count))
        issuedOffset = offset
        json = text
    }

    /// Whether the upload can splice this entry: `issuedOffset`, if any, is where `issued` was cut
    /// out (before the next member's `,` or the resource's `}`). False for a text not made here.
    public var isSpliceable: Bool { issuedOffset == nil || issuedCut != nil }

    /// The index in `json.utf8` where `issued` goes, when `issuedOffset` is valid.
    var issuedCut: String.UTF8View.Index? {
        let json = json.utf8
        guard let offset = issuedOffset, offset > 0, offset < json.count else { return nil }
        let cut = json.index(json.startIndex, offsetBy: offset)
        return json[cut] == UInt8(ascii: ",") || json[cut] == UInt8(ascii: "}") ? cut : nil
    }

    /// The UTF-8 offset of the first occurrence of `needle` in `text`.
    static func offset(of needle: [UInt8], in text: String) -> Int? {
        let haystack = Array(text.utf8)
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Control characters (escaped as \u0001) that no FHIR instant contains.
    static let placeholder = "\u{1}upload time\u{1}"
}
