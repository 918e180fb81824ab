import Foundation
import Hummingbird
import Logging
import MonitoringStore
import Synchronization

/// Who is calling: the hub whose token's SHA-256 is on record (`Authorization: Bearer …`). Known
/// hubs are remembered for a few seconds, so a busy hub does not cost two queries per request; a
/// change of assignments takes effect within `ttl`.
final class HubAuthenticator: Sendable {
    private let storage: any MonitoringStorage
    private let ttl: Duration
    private let cache = Mutex<[String: (hub: HubIdentity, until: ContinuousClock.Instant)]>([:])

    init(storage: any MonitoringStorage, ttl: Duration = .seconds(10)) {
        self.storage = storage
        self.ttl = ttl
    }

    /// The hub, or why not.
    func hub(for request: Request) async throws -> Result<HubIdentity, HubAuthFailure> {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return .failure(.missing)
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.count <= 256 else { return .failure(.unknown) }
        let hash = HubToken.sha256Hex(token)
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[hash] }), cached.until > now { return .success(cached.hub) }
        guard let hub = try await storage.hub(tokenSHA256: hash) else { return .failure(.unknown) }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[hash] = (hub, now + ttl)
        }
        return .success(hub)
    }
}

enum HubAuthFailure: Error {
    case missing
    case unknown

    var response: Response {
        FHIRResponse.outcome(status: .unauthorized, code: "login",
                             self == .missing ? "a bearer token is required" : "the token is not known",
                             headers: [.wwwAuthenticate: "Bearer"])
    }
}
