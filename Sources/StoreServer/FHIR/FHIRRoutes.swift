import FHIR
import Foundation
import Hummingbird
import Logging
import MonitoringStore
import NIOCore

/// The FHIR endpoint hubs talk to (docs/STORE-API.md): `metadata`, transaction Bundles, searches.
struct FHIRRoutes: Sendable {
    let storage: any MonitoringStorage
    let configuration: StoreServerConfiguration
    let limiter: RateLimiter
    let authenticator: HubAuthenticator
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.get("fhir/metadata") { _, _ in FHIRResponse.resource(StoreCapabilities.statement) }
        router.post("fhir") { request, _ in await guarded { try await transaction(request) } }
        router.get("fhir/:type") { request, context in
            await guarded { try await search(request, type: context.parameters.get("type") ?? "") }
        }
    }

    /// Any unexpected failure becomes a 500 OperationOutcome (logged), never a dropped connection.
    private func guarded(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as IngestError {
            return FHIRResponse.refusal(error)
        } catch {
            logger.error("FHIR request failed", metadata: ["error": "\(String(describing: error).prefix(300))"])
            return FHIRResponse.outcome(status: .internalServerError, code: "exception", "the store could not complete the request")
        }
    }

    /// Authentication and the rate limit, common to every hub request.
    private func admit(_ request: Request) async throws -> Admission {
        switch try await authenticator.hub(for: request) {
        case .failure(let failure):
            return .failure(failure.response)
        case .success(let hub):
            if let wait = limiter.take(hub.id) {
                logger.notice("hub rate-limited", metadata: ["hub": "\(hub.id)"])
                return .failure(FHIRResponse.outcome(status: .tooManyRequests, code: "throttled",
                                                     "too many requests; retry after \(wait) s", headers: [.retryAfter: String(wait)]))
            }
            return .success(hub)
        }
    }

    /// A request let in (the hub) or turned away (the answer).
    private enum Admission {
        case success(HubIdentity)
        case failure(Response)
    }

    private func forbidden(_ hub: HubIdentity, _ what: String) -> Response {
        // No patient id in the log line: the hub id and what it tried are enough to follow it up.
        logger.warning("hub refused: patient not assigned to it", metadata: ["hub": "\(hub.id)", "request": "\(what)"])
        return FHIRResponse.outcome(status: .forbidden, code: "forbidden", "this hub may not write or read for that patient")
    }

    private func transaction(_ request: Request) async throws -> Response {
        let hub: HubIdentity
        switch try await admit(request) {
        case .failure(let response): return response
        case .success(let admitted): hub = admitted
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return FHIRResponse.outcome(status: .contentTooLarge, code: "too-long",
                                        "the body is larger than \(configuration.maxBodyBytes) bytes")
        }
        let now = Date()
        let plan = try TransactionPlan(text: String(buffer: body), now: now)
        guard plan.patients.isSubset(of: hub.patients) else { return forbidden(hub, "transaction") }
        let entries = try await storage.ingest(plan, hub: hub.id, now: now)
        logger.debug("transaction stored", metadata: ["hub": "\(hub.id)", "entries": "\(entries.count)"])
        return FHIRResponse.resource(FHIRBundle(type: "transaction-response", timestamp: FHIRInstant.text(now), entry: entries))
    }

    private func search(_ request: Request, type: String) async throws -> Response {
        let hub: HubIdentity
        switch try await admit(request) {
        case .failure(let response): return response
        case .success(let admitted): hub = admitted
        }
        let query = try SearchQuery(type: type, parameters: request.uri.queryParameters)
        guard hub.patients.contains(query.patient) else { return forbidden(hub, "search \(type)") }
        let base = "fhir"
        switch query.kind {
        case .observations(let from, let to):
            let found = try await storage.resources(type: "Observation", patient: query.patient, from: from, to: to, limit: 1000)
            return FHIRResponse.searchset(found.map { ("Observation/\(Self.id(of: $0))", $0) }, base: base)
        case .detectedIssues:
            let found = try await storage.resources(type: "DetectedIssue", patient: query.patient, from: nil, to: nil, limit: 1000)
            return FHIRResponse.searchset(found.map { ("DetectedIssue/\(Self.id(of: $0))", $0) }, base: base)
        case .messages(let after):
            let messages = try await storage.messages(forPatient: query.patient, after: after)
            let texts = try messages.map { message -> (String, String) in
                var communication = message.communication()
                var meta = Meta(profile: nil)
                meta.lastUpdated = FHIRInstant.text(message.sentAt)
                communication.meta = meta
                return ("Communication/\(message.id)", try FHIRJSON.encode(communication))
            }
            return FHIRResponse.searchset(texts, base: base)
        case .thresholds:
            guard let thresholds = try await storage.thresholds(patient: query.patient) else { return FHIRResponse.searchset([], base: base) }
            var basic = thresholds.basic()
            basic.id = "thresholds-\(query.patient)"
            return FHIRResponse.searchset([("Basic/\(basic.id ?? "")", try FHIRJSON.encode(basic))], base: base)
        }
    }

    /// The stored JSON's `id` (the store wrote it first after resourceType).
    static func id(of json: String) -> String {
        guard let range = json.range(of: #""id":""#), let end = json[range.upperBound...].firstIndex(of: "\"") else { return "" }
        return String(json[range.upperBound..<end])
    }
}
