import Foundation

/// The parts of the url the uploader uses, once validated.
struct Endpoint: Hashable, Sendable {
    var url: URL
    var host: String
    var port: Int
    var isTLS: Bool
}

extension ForwardingConfiguration {
    /// Checks every key; throws the first problem with the key's name in the message.
    public func validate() throws(ForwardingConfigurationError) {
        _ = try endpoint()
        guard Self.batchSizeRange.contains(batchSize) else { throw .batchSizeOutOfRange(batchSize) }
        for (key, value) in [("backlog_warning_age", backlogWarningAge), ("connect_timeout", connectTimeout),
                             ("request_timeout", requestTimeout)] {
            guard value.isFinite, value > 0 else { throw .invalidDuration(key: key, value: value) }
        }
        for (key, path) in [("token_file", tokenFile), ("ca_file", caFile), ("client_certificate", clientCertificate),
                            ("client_key", clientKey)] {
            if let path, path.isEmpty { throw .emptyPath(key: key) }
        }
        switch (clientCertificate, clientKey) {
        case (.some, nil): throw .clientCertificateWithoutKey
        case (nil, .some): throw .clientKeyWithoutCertificate
        default: break
        }
        try backoff.validate()
    }

    /// The url split for the client and the proxy rules.
    func endpoint() throws(ForwardingConfigurationError) -> Endpoint {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let url = components.url
        else { throw .invalidURL(self.url, reason: "not a URL (expected https://host/fhir-base)") }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL(self.url, reason: "no host") }
        guard components.query == nil, components.fragment == nil else {
            throw .invalidURL(self.url, reason: "the FHIR base must have no query or fragment")
        }
        guard components.user == nil, components.password == nil else {
            throw .invalidURL(self.url, reason: "no credentials in the url: use token_file or a client certificate")
        }
        switch scheme {
        case "https":
            return Endpoint(url: url, host: host, port: components.port ?? 443, isTLS: true)
        case "http":
            // Readings are patient data: in clear text only to this machine (a local relay, tests).
            guard Self.isLoopback(host) else {
                throw .invalidURL(self.url, reason: "must use https (http only to a loopback address)")
            }
            return Endpoint(url: url, host: host, port: components.port ?? 80, isTLS: false)
        default:
            throw .invalidURL(self.url, reason: "scheme must be https")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
