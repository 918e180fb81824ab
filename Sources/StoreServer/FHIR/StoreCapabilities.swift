import FHIR

/// What `GET /fhir/metadata` says the store does.
enum StoreCapabilities {
    static let statement: CapabilityStatement = {
        typealias C = CapabilityStatement
        let create = [C.Interaction(code: "create")]
        return C(
            status: "active", date: "2026-12-07", kind: "instance",
            software: .init(name: "carehub-store", version: nil), fhirVersion: "4.0.1",
            format: ["application/fhir+json"],
            rest: [C.Rest(
                mode: "server",
                resource: [
                    C.RestResource(type: "Observation", interaction: create + [.init(code: "search-type")], conditionalCreate: true,
                                   searchParam: [.init(name: "patient", type: "reference"), .init(name: "date", type: "date")]),
                    C.RestResource(type: "DetectedIssue", interaction: create + [.init(code: "search-type")], conditionalCreate: true,
                                   searchParam: [.init(name: "patient", type: "reference")]),
                    C.RestResource(type: "Device", interaction: create + [.init(code: "update")], conditionalCreate: true, conditionalUpdate: true),
                    C.RestResource(type: "Communication", interaction: create + [.init(code: "search-type")], conditionalCreate: true,
                                   searchParam: [.init(name: "recipient", type: "reference"), .init(name: "category", type: "token"),
                                                 .init(name: "_lastUpdated", type: "date")]),
                    C.RestResource(type: "Basic", interaction: [.init(code: "search-type")],
                                   searchParam: [.init(name: "subject", type: "reference"), .init(name: "code", type: "token")]),
                ],
                interaction: [.init(code: "transaction")])])
    }()
}
