import Foundation

/// What the forwarder needs to reach the clinic's monitoring store. A plain value: the daemon's
/// config file maps onto it (keys in docs/FORWARDING.md); ``validate()`` checks it.
public struct ForwardingConfiguration: Hashable, Sendable {
    public static let batchSizeRange = 1...1000
    public static let defaultBatchSize = 100
    /// 24 h: a reading a day old that the clinic has not got is worth a warning in the journal.
    public static let defaultBacklogWarningAge: TimeInterval = 24 * 3600

    /// `url`: the store's FHIR base; transaction Bundles are POSTed to it. `https`, or `http` to a
    /// loopback address only (a local relay).
    public var url: String
    /// `token_file`: a file holding the bearer token; owned by the daemon's user, mode 0600 or 0400.
    public var tokenFile: String?
    /// `ca_file`: PEM certificates to trust instead of the system's CA store (the clinic's own CA).
    public var caFile: String?
    /// `client_certificate`, `client_key`: PEM chain and key for mutual TLS; both or neither.
    public var clientCertificate: String?
    public var clientKey: String?
    /// `batch_size`: readings per transaction Bundle, 1–1000.
    public var batchSize: Int
    /// `backlog_warning_age`: warn once when the oldest undelivered reading is older than this.
    public var backlogWarningAge: TimeInterval
    /// Seconds to establish a connection (TCP and TLS).
    public var connectTimeout: TimeInterval
    /// Seconds for one whole request, from sending to the last byte of the answer.
    public var requestTimeout: TimeInterval
    /// Retry timing after transient failures.
    public var backoff: BackoffPolicy

    public init(
        url: String, tokenFile: String? = nil, caFile: String? = nil, clientCertificate: String? = nil,
        clientKey: String? = nil, batchSize: Int = defaultBatchSize,
        backlogWarningAge: TimeInterval = defaultBacklogWarningAge, connectTimeout: TimeInterval = 10,
        requestTimeout: TimeInterval = 60, backoff: BackoffPolicy = BackoffPolicy()
    ) {
        self.url = url
        self.tokenFile = tokenFile
        self.caFile = caFile
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.batchSize = batchSize
        self.backlogWarningAge = backlogWarningAge
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.backoff = backoff
    }
}
