import FHIR

extension JSONNode {
    /// The node with every `reference` member whose string is a key of `map` replaced by its value
    /// (a transaction's `urn:uuid:` fullUrls → the ids the store assigned).
    func rewritingReferences(_ map: [String: String]) -> JSONNode {
        switch self {
        case .object(let members):
            return .object(members.map { member in
                if member.key == "reference", case .string(let text) = member.value, let target = map[text] {
                    return Member(member.key, .string(target))
                }
                return Member(member.key, member.value.rewritingReferences(map))
            })
        case .array(let items):
            return .array(items.map { $0.rewritingReferences(map) })
        default:
            return self
        }
    }

    /// Every `reference` string in the node.
    func references() -> [String] {
        switch self {
        case .object(let members):
            return members.flatMap { member -> [String] in
                if member.key == "reference", case .string(let text) = member.value { return [text] }
                return member.value.references()
            }
        case .array(let items):
            return items.flatMap { $0.references() }
        default:
            return []
        }
    }

    /// An object with `id` and `meta` set as the store assigns them (after `resourceType`, as FHIR orders them).
    func withIdentity(id: String, versionId: String?, lastUpdated: String) -> JSONNode {
        guard case .object(var members) = self else { return self }
        var meta: [Member] = []
        if case .object(let old)? = self["meta"] {
            meta = old.filter { $0.key != "versionId" && $0.key != "lastUpdated" }
        }
        var identity = [Member]()
        if let versionId { identity.append(Member("versionId", .string(versionId))) }
        identity.append(Member("lastUpdated", .string(lastUpdated)))
        meta.insert(contentsOf: identity, at: 0)
        members.removeAll { $0.key == "id" || $0.key == "meta" }
        let at = members.firstIndex { $0.key == "resourceType" }.map { $0 + 1 } ?? 0
        members.insert(contentsOf: [Member("id", .string(id)), Member("meta", .object(meta))], at: at)
        return .object(members)
    }
}
