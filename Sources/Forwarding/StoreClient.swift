import AsyncHTTPClient
import Foundation
import NIOCore

/// What one request of the clinic sync came to (no patient data in any reason).
public enum StoreReply: Sendable {
    /// 2xx with its body (a search answer), or a transaction the store applied as a whole.
    case ok([UInt8])
    /// Worth trying again later: connection, TLS, timeout, 408/429/5xx, credentials, a wrong url.
    case retry(reason: String, retryAfter: TimeInterval?)
    /// The store refused the request on its own (a 4xx about the content); sending it again is futile.
    case refused(status: Int, reason: String)
}

/// The hub's client of the clinic's store for everything beside the readings' outbox (messages,
/// thresholds, heartbeat, contact requests; docs/CLINIC-SYNC.md). The same TLS configuration, proxy,
/// token file and answer classification as the ``Forwarder``: one way to reach the store.
public final class StoreClient: Sendable {
    /// A search answer (a few messages or one Basic) is small; anything past this is not one.
    static let maximumSearchBytes = 4 << 20

    let client: HTTPClient
    let base: String
    let requestTimeout: TimeInterval
    private let token: TokenSource

    /// Checks the configuration and loads what it names, as ``Forwarder/init`` does; call
    /// ``shutdown()`` when done.
    public init(
        configuration: ForwardingConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ForwardingSetupError) {
        do { try configuration.validate() } catch { throw .configuration(error) }
        let clientConfiguration = try configuration.httpClientConfiguration(environment: environment)
        var file: TokenFile?
        if let path = configuration.tokenFile {
            var loaded = TokenFile(path: path)
            do { _ = try loaded.token() } catch { throw .tokenFile(error) }
            file = loaded
        }
        token = TokenSource(file)
        base = configuration.url.hasSuffix("/") ? String(configuration.url.dropLast()) : configuration.url
        requestTimeout = configuration.requestTimeout
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
    }

    /// Closes the connections.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// `GET <base>/<path>`: `path` is a resource type and its query, the values already encoded
    /// (``query(_:)``).
    public func get(_ path: String) async -> StoreReply {
        var request = HTTPClientRequest(url: "\(base)/\(path)")
        request.method = .GET
        return await execute(request) { status, body, retryAfter in
            if (200..<300).contains(status) { return .ok(body) }
            return Self.reply(HTTPUploader.classify(status: status, body: body, retryAfter: retryAfter, expectedEntries: 0))
        }
    }

    /// POSTs a transaction Bundle to the base; `.ok` only when every entry was applied.
    public func postTransaction(_ body: [UInt8], entryCount: Int) async -> StoreReply {
        var request = HTTPClientRequest(url: base)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/fhir+json")
        request.body = .bytes(ByteBuffer(bytes: body))
        return await execute(request) { status, body, retryAfter in
            let outcome = HTTPUploader.classify(status: status, body: body, retryAfter: retryAfter, expectedEntries: entryCount)
            if case .accepted = outcome { return .ok(body) }
            return Self.reply(outcome)
        }
    }

    /// A query string from name/value pairs, each value percent-encoded (`|` → `%7C`, `+` → `%2B`).
    public static func query(_ pairs: [(String, String)]) -> String {
        // ASCII only: `alphanumerics` would pass letters such as "å" through unencoded.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/:")
        return pairs.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    private func execute(
        _ request: HTTPClientRequest, classify: @Sendable (Int, [UInt8], TimeInterval?) -> StoreReply
    ) async -> StoreReply {
        var request = request
        request.headers.add(name: "Accept", value: "application/fhir+json")
        do {
            if let bearer = try token.current() { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        } catch {
            return .retry(reason: error.description, retryAfter: nil)
        }
        do {
            let response = try await client.execute(request, timeout: ForwardingConfiguration.amount(requestTimeout))
            let body = try await response.body.collect(upTo: Self.maximumSearchBytes)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryAfter.seconds($0, now: Date()) }
            return classify(Int(response.status.code), Array(body.readableBytesView), retryAfter)
        } catch {
            return .retry(reason: HTTPUploader.describe(error), retryAfter: nil)
        }
    }

    private static func reply(_ outcome: UploadOutcome) -> StoreReply {
        switch outcome {
        case .accepted: .ok([])
        case .retry(let reason, let retryAfter): .retry(reason: reason, retryAfter: retryAfter)
        case .refused(let status, let reason, _): .refused(status: status, reason: reason)
        }
    }
}

/// The token file behind a lock: requests of the clinic sync may run at once.
private final class TokenSource: @unchecked Sendable {
    private let lock = NSLock()
    private var file: TokenFile?

    init(_ file: TokenFile?) { self.file = file }

    func current() throws(TokenFileError) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return try file?.token()
    }
}
