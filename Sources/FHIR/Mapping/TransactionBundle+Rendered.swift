extension TransactionBundle {
    /// Why rendered entries could not be spliced (a stored text that was not made by ``RenderedEntry``).
    /// Its description holds no data of the entry (it may end up in a dead letter and the log).
    public struct SpliceError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String { "a rendered entry has no place for issued where its offset says" }
    }

    /// The upload of entries rendered earlier (``RenderedEntry``), as compact JSON UTF-8: the same
    /// bytes as `TransactionBundle(readings:uploadTime:).json(pretty: false)` for the entries they
    /// were rendered from, made by splicing their texts (deduplicated by key, in order) and the
    /// upload time, without decoding or encoding a resource. Also returns the number of entries.
    public static func compactJSON(
        rendered readings: [[RenderedEntry]], uploadTime: ZonedTime
    ) throws -> (utf8: [UInt8], entryCount: Int) {
        let instant = uploadTime.instant
        var issued = #","issued":"#
        JSONNode.escape(instant, into: &issued)
        // The Bundle without entries; `entry` is its last member, so the entries go before the `}`.
        let head = try FHIRJSON.encode(FHIRBundle(type: "transaction", timestamp: instant))
        var out: [UInt8] = []
        var capacity = head.utf8.count + 16
        for entry in readings.joined() { capacity += entry.json.utf8.count + issued.utf8.count + 1 }
        out.reserveCapacity(capacity)
        out.append(contentsOf: head.utf8)
        var seen = Set<String>()
        var count = 0
        for entry in readings.joined() where seen.insert(entry.key).inserted {
            if count == 0 {
                out.removeLast()  // the head's closing `}`
                out.append(contentsOf: #","entry":["#.utf8)
            } else {
                out.append(UInt8(ascii: ","))
            }
            count += 1
            let json = entry.json.utf8
            guard entry.issuedOffset != nil else {
                out.append(contentsOf: json)
                continue
            }
            guard let cut = entry.issuedCut else { throw SpliceError() }
            out.append(contentsOf: json[..<cut])
            out.append(contentsOf: issued.utf8)
            out.append(contentsOf: json[cut...])
        }
        if count > 0 { out.append(contentsOf: "]}".utf8) }
        return (out, count)
    }
}
