import Crypto
import FHIR
import Foundation

/// A hub's transaction Bundle checked and prepared for storage, before any database work: each
/// entry's action, its key, the id the store gives it, its JSON with references rewritten, and the
/// columns searches use. Pure: the same Bundle and time always give the same plan.
public struct TransactionPlan: Sendable {
    public enum Action: String, Sendable {
        /// POST with `ifNoneExist` (or a POST whose identifier makes it one): stored once.
        case conditionalCreate
        /// PUT `Type?identifier=…`: create or replace.
        case conditionalUpdate
    }

    public struct Entry: Sendable {
        public var action: Action
        public var type: String
        public var identifierSystem: String?
        public var identifierValue: String?
        /// The id the store gives the resource: derived from (type, identifier), so every instance
        /// assigns the same id and a reference to it is right whichever instance stored it first.
        public var id: String
        public var json: String
        public var resource: Resource
        public var patient: String?
        public var code: String?
        public var effective: Date?
    }

    public var entries: [Entry]
    /// Every patient the Bundle writes for (any `Patient/…` reference in it).
    public var patients: Set<String>
    /// Set when the Bundle is the hub's heartbeat.
    public var heartbeat: HubHeartbeat?

    /// Resource types a hub may write.
    static let writable: Set<String> = ["Observation", "Device", "DetectedIssue", "Communication"]

    /// Checks and prepares the Bundle text; a refusal is an ``IngestError`` (4xx).
    public init(text: String, now: Date) throws(IngestError) {
        let root: JSONNode
        do { root = try JSONNode.parse(text) } catch { throw .invalid("body is not JSON: \(error.reason)") }
        guard case .string(let resourceType)? = root["resourceType"] else { throw .invalid("body has no resourceType") }
        guard resourceType == "Bundle" else {
            throw IngestError(status: 400, code: "invalid", "POST /fhir takes a Bundle, not \(resourceType)")
        }
        guard case .string("transaction")? = root["type"] else {
            throw .unsupported("only Bundles of type transaction are accepted")
        }
        // Each resource is decoded once, after its references are rewritten (the Codable decode is
        // most of ingest's CPU; docs/PERFORMANCE.md, "Store ingest"): the Bundle is checked first
        // without its resources, and each entry's key is read from its node.
        let bundle: FHIRBundle
        do { bundle = try FHIRJSON.decode(FHIRBundle.self, from: Self.withoutResources(root)) } catch {
            throw .invalid("Bundle does not have the structure of FHIR R4: \(Self.short(error))")
        }
        var rawEntries: [JSONNode] = []
        if case .array(let items)? = root["entry"] { rawEntries = items }
        let typed = bundle.entry ?? []
        guard typed.count == rawEntries.count else { throw .invalid("entry is not an array of entries") }

        var references: [String: String] = [:]
        var prepared: [(Entry, JSONNode)] = []
        for (index, (entry, raw)) in zip(typed, rawEntries).enumerated() {
            guard let node = raw["resource"] else { throw .invalid("entry \(index) has no resource") }
            guard case .string(let type)? = node["resourceType"] else { throw .invalid("entry \(index): the resource has no resourceType") }
            guard Self.writable.contains(type) else { throw .unsupported("entry \(index): a hub does not write \(type)") }
            guard let request = entry.request else { throw .invalid("entry \(index) has no request") }
            let identifiers: [Identifier]
            do { identifiers = try node["identifier"].map { try FHIRJSON.decode([Identifier].self, from: $0) } ?? [] } catch {
                throw .invalid("entry \(index): identifier does not decode: \(Self.short(error))")
            }
            let (action, system, value) = try Self.key(of: request, type: type, identifiers: identifiers, index: index)
            let id = Self.id(type: type, system: system, value: value)
            if let fullUrl = entry.fullUrl { references[fullUrl] = "\(type)/\(id)" }
            prepared.append((Entry(
                action: action, type: type, identifierSystem: system, identifierValue: value, id: id, json: "",
                resource: .other(resourceType: type, json: .null), patient: nil, code: nil, effective: nil), node))
        }

        let lastUpdated = FHIRInstant.text(now)
        var patients: Set<String> = []
        entries = []
        for (index, (var entry, node)) in prepared.enumerated() {
            let rewritten = node.rewritingReferences(references).withIdentity(id: entry.id, versionId: nil, lastUpdated: lastUpdated)
            for reference in rewritten.references() where reference.hasPrefix("Patient/") {
                patients.insert(String(reference.dropFirst(8)))
            }
            do { entry.resource = try FHIRJSON.decode(Resource.self, from: rewritten) } catch {
                throw .invalid("entry of \(entry.type) does not decode: \(Self.short(error))")
            }
            if case .communication(let communication) = entry.resource, (try? ContactRequest(communication)) == nil {
                throw .unsupported("entry \(index): a hub writes only contact-request Communications")
            }
            entry.json = rewritten.rendered(pretty: false)
            (entry.patient, entry.code, entry.effective) = Self.searchColumns(entry.resource)
            entries.append(entry)
        }
        self.patients = patients
        let devicesOnly = entries.allSatisfy { $0.action == .conditionalUpdate && $0.type == "Device" }
        // A heartbeat is read from the Bundle as the hub sent it (rare: one per hub every few minutes).
        heartbeat = devicesOnly && !entries.isEmpty ? (try? HubHeartbeat(FHIRJSON.decode(FHIRBundle.self, from: root))) : nil
    }

    /// The Bundle with every entry's `resource` left out: its own structure, checked apart.
    static func withoutResources(_ root: JSONNode) -> JSONNode {
        guard case .object(let members) = root else { return root }
        return .object(members.map { member in
            guard member.key == "entry", case .array(let items) = member.value else { return member }
            return JSONNode.Member("entry", .array(items.map { item in
                guard case .object(let fields) = item else { return item }
                return .object(fields.filter { $0.key != "resource" })
            }))
        })
    }

    /// The entry's action and key: `ifNoneExist: identifier=system|value` (which the resource must
    /// carry), or PUT `Type?identifier=system|value`.
    static func key(of request: FHIRBundle.Request, type: String, identifiers: [Identifier], index: Int)
        throws(IngestError) -> (Action, String?, String?)
    {
        switch request.method {
        case "POST":
            guard request.url == type else { throw .invalid("entry \(index): POST url \(request.url) is not \(type)") }
            if let condition = request.ifNoneExist {
                let (system, value) = try token(condition, prefix: "identifier=", index: index)
                guard identifiers.contains(where: { $0.system == system && $0.value == value }) else {
                    throw .invalid("entry \(index): ifNoneExist names an identifier the resource does not have")
                }
                return (.conditionalCreate, system, value)
            }
            // A plain create of an identified resource is kept once too (the store's key is unique).
            let first = identifiers.first { $0.system != nil && $0.value != nil }
            return (.conditionalCreate, first?.system, first?.value)
        case "PUT":
            guard request.url.hasPrefix(type + "?") else {
                throw .unsupported("entry \(index): PUT is supported as a conditional update \(type)?identifier=… only")
            }
            let (system, value) = try token(String(request.url.dropFirst(type.count + 1)), prefix: "identifier=", index: index)
            guard identifiers.contains(where: { $0.system == system && $0.value == value }) else {
                throw .invalid("entry \(index): the conditional update names an identifier the resource does not have")
            }
            return (.conditionalUpdate, system, value)
        default:
            throw .unsupported("entry \(index): method \(request.method) is not supported")
        }
    }

    static func token(_ text: String, prefix: String, index: Int) throws(IngestError) -> (String, String) {
        let decoded = text.contains("%") ? text.removingPercentEncoding ?? text : text
        guard decoded.hasPrefix(prefix), let bar = decoded.firstIndex(of: "|") else {
            throw .invalid("entry \(index): condition \(text) is not \(prefix)system|value")
        }
        let system = String(decoded[decoded.index(decoded.startIndex, offsetBy: prefix.count)..<bar])
        let value = String(decoded[decoded.index(after: bar)...])
        guard !system.isEmpty, !value.isEmpty else { throw .invalid("entry \(index): empty identifier system or value") }
        return (system, value)
    }

    /// A FHIR id (UUID form) from SHA-256 of the key; random for a resource without one.
    static func id(type: String, system: String?, value: String?) -> String {
        guard let system, let value else { return UUID().uuidString.lowercased() }
        let digest = SHA256.hash(data: Data("\(type)|\(system)|\(value)".utf8))
        // The first 16 bytes as 8-4-4-4-12 lower-case hex digits.
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in digest.prefix(16).enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// patient, code (`system|code` of the first coding), effective time.
    static func searchColumns(_ resource: Resource) -> (String?, String?, Date?) {
        func patient(_ reference: Reference?) -> String? {
            guard let text = reference?.reference, text.hasPrefix("Patient/") else { return nil }
            return String(text.dropFirst(8))
        }
        func code(_ concept: CodeableConcept?) -> String? {
            concept?.coding?.first.map { "\($0.system ?? "")|\($0.code ?? "")" }
        }
        switch resource {
        case .observation(let r): return (patient(r.subject), code(r.code), r.effectiveDateTime.flatMap(FHIRInstant.date))
        case .detectedIssue(let r): return (patient(r.patient), code(r.code), r.identifiedDateTime.flatMap(FHIRInstant.date))
        case .communication(let r): return (patient(r.subject), code(r.category?.first), r.sent.flatMap(FHIRInstant.date))
        case .device(let r): return (patient(r.patient), code(r.type), nil)
        default: return (nil, nil, nil)
        }
    }

    static func short(_ error: any Error) -> String {
        String(String(describing: error).prefix(200))
    }
}
