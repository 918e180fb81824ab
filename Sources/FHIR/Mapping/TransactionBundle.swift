/// One upload: the entries of several readings in one `transaction` Bundle. Entries with the same
/// conditional-create search (the hub and a device shared by several readings, a coincident
/// timestamp of one connection) appear once; every Observation's `issued` and the Bundle's
/// `timestamp` are the upload time. The same readings and upload time always give the same bytes.
public struct TransactionBundle: Hashable, Sendable {
    /// The assembled Bundle.
    public private(set) var bundle: FHIRBundle

    /// Assembles the entries of each reading (``PhdMapping/entries(for:identifiers:)``), in order.
    public init(readings: [[FHIRBundle.Entry]], uploadTime: ZonedTime) {
        var seen = Set<String>()
        var entries: [FHIRBundle.Entry] = []
        for entry in readings.joined() {
            let key = Self.deduplicationKey(entry)
            guard seen.insert(key).inserted else { continue }
            var entry = entry
            if case .observation(var observation)? = entry.resource, Self.takesUploadTime(observation) {
                observation.issued = uploadTime.instant
                entry.resource = .observation(observation)
            }
            entries.append(entry)
        }
        bundle = FHIRBundle(type: "transaction", timestamp: uploadTime.instant, entry: entries.isEmpty ? nil : entries)
    }

    /// The key by which an upload sends an entry once: its conditional-create search, else its fullUrl.
    static func deduplicationKey(_ entry: FHIRBundle.Entry) -> String { entry.request?.ifNoneExist ?? entry.fullUrl ?? "" }

    /// Whether an Observation's `issued` is the upload time (every one but the coincident timestamp).
    static func takesUploadTime(_ observation: Observation) -> Bool {
        observation.meta?.profile?.contains(FHIRURI.phdProfile("PhdCoincidentTimeStampObservation")) != true
    }

    /// The Bundle as JSON: pretty (two-space indent) or compact (one line); no trailing newline.
    public func json(pretty: Bool) throws -> String { try FHIRJSON.encode(bundle, pretty: pretty) }
}
