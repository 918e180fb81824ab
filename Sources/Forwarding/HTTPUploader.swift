import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// POSTs one transaction Bundle and classifies the answer (async-http-client).
struct HTTPUploader: Sendable {
    /// A transaction-response for 1000 readings is a few hundred KiB; anything past this is not one.
    static let maximumResponseBytes = 16 << 20
    /// The part of a refusal's body kept as its outcome.
    static let maximumOutcomeBytes = 64 << 10

    let client: HTTPClient
    let url: String
    let requestTimeout: TimeInterval

    func post(_ bundle: TransactionBundle, token: String?, now: @Sendable () -> Date) async -> UploadOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/fhir+json")
        request.headers.add(name: "Accept", value: "application/fhir+json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: bundle.body))
        do {
            let response = try await client.execute(request, timeout: ForwardingConfiguration.amount(requestTimeout))
            let code = Int(response.status.code)
            let body = try await response.body.collect(upTo: Self.maximumResponseBytes)
            let bytes = Array(body.readableBytesView)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryAfter.seconds($0, now: now()) }
            return Self.classify(status: code, body: bytes, retryAfter: retryAfter, expectedEntries: bundle.entryCount)
        } catch {
            return .retry(reason: Self.describe(error), retryAfter: nil)
        }
    }

    /// The answer's meaning. 401/403/404/405/407/415 and redirects are about the configuration, not
    /// the readings: retried with backoff (and logged), never dead-lettered, so a wrong url or an
    /// expired token does not throw the queue away.
    static func classify(status: Int, body: [UInt8], retryAfter: TimeInterval?, expectedEntries: Int) -> UploadOutcome {
        switch status {
        case 200..<300:
            if let problem = TransactionResponse.problem(in: body, expectedEntries: expectedEntries) {
                return .retry(reason: "HTTP \(status) but \(problem)", retryAfter: nil)
            }
            return .accepted
        case 408, 429, 500..<600:
            return .retry(reason: "HTTP \(status)", retryAfter: retryAfter)
        case 300..<400:
            return .retry(reason: "HTTP \(status): redirects are not followed; set url to the store's FHIR base", retryAfter: nil)
        case 401, 403:
            return .retry(reason: "HTTP \(status): the store refused the credentials (token_file or client certificate)",
                          retryAfter: retryAfter)
        case 407:
            return .retry(reason: "HTTP 407: the proxy wants credentials (https_proxy)", retryAfter: nil)
        case 404, 405, 406, 415:
            return .retry(reason: "HTTP \(status): url is not a FHIR base that takes transaction Bundles", retryAfter: nil)
        case 400..<500:
            let summary = OperationOutcomeSummary.summary(body).map { " (\($0))" } ?? ""
            let outcome = body.isEmpty ? nil : String(decoding: body.prefix(maximumOutcomeBytes), as: UTF8.self)
            return .refused(status: status, reason: "HTTP \(status)\(summary)", outcome: outcome)
        default:
            return .retry(reason: "HTTP \(status)", retryAfter: retryAfter)
        }
    }

    /// A short, patient-free text for a failed request; TLS verification failures say so plainly.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return "TLS: the store's certificate did not verify against the trusted CAs (ca_file, or the system's) — \(text)"
        }
        if error is NIOSSLError || error is BoringSSLError { return "TLS: \(text)" }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connect timeout"
            case .readTimeout, .deadlineExceeded: return "no answer in time (timeout)"
            case .remoteConnectionClosed: return "the connection closed before the answer"
            default: return "HTTP client: \(error)"
            }
        }
        if text.contains("Connection refused") || text.contains("connection refused") { return "connection refused" }
        return text
    }
}
