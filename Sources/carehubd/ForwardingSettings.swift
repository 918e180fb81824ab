import Forwarding
import Foundation
import HubConfig

/// `[forwarding]` as the uploader needs it: checked values and files that exist with safe modes.
/// Built only by carehubd (the CLI reads the same file without the rights to these files).
struct ForwardingSettings: Sendable, Equatable {
    /// The FHIR base URL (https, or http to a loopback host).
    var url: URL
    /// The bearer token's file (0600 or 0400), if the endpoint takes a token.
    var tokenFile: String?
    /// PEM certificates to trust instead of the system's.
    var caFile: String?
    /// Mutual TLS: the client certificate and its key, both PEM.
    var clientIdentity: ClientIdentity?
    /// Readings per transaction Bundle, 1–1000.
    var batchSize: Int
    /// An unsent reading older than this is warned about.
    var backlogWarningAge: Duration
    /// Seconds between polls of the clinic's messages and thresholds.
    var pollInterval: Int
    /// Seconds between heartbeats.
    var heartbeatInterval: Int

    /// The uploader's configuration.
    var configuration: ForwardingConfiguration {
        ForwardingConfiguration(
            url: url.absoluteString, tokenFile: tokenFile, caFile: caFile,
            clientCertificate: clientIdentity?.certificateFile, clientKey: clientIdentity?.keyFile, batchSize: batchSize,
            backlogWarningAge: TimeInterval(backlogWarningAge.components.seconds))
    }

    /// A client certificate and its private key.
    struct ClientIdentity: Sendable, Equatable {
        var certificateFile: String
        var keyFile: String
    }

    /// Checks the files `section` names; the first problem names its key.
    init(_ section: ForwardingSection) throws(ConfigProblem) {
        guard let url = URL(string: section.url) else { throw ConfigProblem("forwarding", "url", "must be an https URL") }
        self.url = url
        if let token = section.tokenFile { try Self.checkSecret(token, key: "token_file", what: "the bearer token") }
        if let ca = section.caFile { try Self.checkReadable(ca, key: "ca_file") }
        if let certificate = section.clientCertificate, let key = section.clientKey {
            try Self.checkReadable(certificate, key: "client_certificate")
            try Self.checkSecret(key, key: "client_key", what: "the client key")
            clientIdentity = ClientIdentity(certificateFile: certificate, keyFile: key)
        }
        tokenFile = section.tokenFile
        caFile = section.caFile
        batchSize = section.batchSize
        backlogWarningAge = .seconds(section.backlogWarningAge)
        pollInterval = section.pollInterval
        heartbeatInterval = section.heartbeatInterval
    }

    /// A readable regular file.
    static func checkReadable(_ path: String, key: String) throws(ConfigProblem) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ConfigProblem("forwarding", key, errno == ENOENT ? "names \(path), which does not exist"
                                : "names \(path), which cannot be read (\(String(cString: strerror(errno))))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ConfigProblem("forwarding", key, "names \(path), which is not a regular file") }
        guard access(path, R_OK) == 0 else {
            throw ConfigProblem("forwarding", key, "names \(path), which carehubd cannot read (\(String(cString: strerror(errno))))")
        }
    }

    /// A readable regular file that neither its group nor others may read.
    static func checkSecret(_ path: String, key: String, what: String) throws(ConfigProblem) {
        try checkReadable(path, key: key)
        var info = stat()
        _ = stat(path, &info)
        if info.st_mode & 0o044 != 0 {
            throw ConfigProblem("forwarding", key,
                                "names \(path), which holds \(what) but is readable by its group or others (mode \(String(info.st_mode & 0o777, radix: 8))): chmod 600 \(path)")
        }
    }
}
