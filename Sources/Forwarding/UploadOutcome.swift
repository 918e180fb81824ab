import Foundation

/// What one POST of a transaction Bundle came to.
enum UploadOutcome: Sendable {
    /// A 2xx transaction-response answering every entry: the whole batch is stored.
    case accepted
    /// Worth trying again later (connection, TLS, timeout, 408, 429, 5xx, an unexpected answer).
    /// `retryAfter` is the server's `Retry-After` in seconds.
    case retry(reason: String, retryAfter: TimeInterval?)
    /// The transaction as a whole was refused (a 4xx that is about the content). `outcome` is the
    /// answer's body as text (an OperationOutcome, normally); `reason` holds no patient data.
    case refused(status: Int, reason: String, outcome: String?)
}
