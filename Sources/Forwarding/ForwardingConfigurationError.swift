/// Why a ``ForwardingConfiguration`` is not usable; each names the config key.
public enum ForwardingConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidURL(String, reason: String)
    case batchSizeOutOfRange(Int)
    case invalidDuration(key: String, value: Double)
    case emptyPath(key: String)
    case clientCertificateWithoutKey
    case clientKeyWithoutCertificate
    case invalidBackoff(String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            "forwarding url \"\(url)\": \(reason)"
        case .batchSizeOutOfRange(let size):
            "forwarding batch_size \(size) is out of range: \(ForwardingConfiguration.batchSizeRange.lowerBound)–\(ForwardingConfiguration.batchSizeRange.upperBound)"
        case .invalidDuration(let key, let value):
            "forwarding \(key) \(value) must be a positive number of seconds"
        case .emptyPath(let key):
            "forwarding \(key) is empty: give a file path or leave the key out"
        case .clientCertificateWithoutKey:
            "forwarding client_certificate is set without client_key: mutual TLS needs both"
        case .clientKeyWithoutCertificate:
            "forwarding client_key is set without client_certificate: mutual TLS needs both"
        case .invalidBackoff(let reason):
            "forwarding backoff: \(reason)"
        }
    }
}
