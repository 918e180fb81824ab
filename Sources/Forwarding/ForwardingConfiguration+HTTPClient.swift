import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

extension ForwardingConfiguration {
    /// The HTTP client's configuration: certificate verification always on (there is no setting to
    /// turn it off), `ca_file` as the only trust roots when given, the client certificate, the
    /// proxy from `environment`, no redirects, and no retries of our own connections by the client
    /// (the forwarder's backoff decides, and sees the real error).
    func httpClientConfiguration(environment: [String: String]) throws(ForwardingSetupError) -> HTTPClient.Configuration {
        let endpoint: Endpoint
        do { endpoint = try self.endpoint() } catch { throw .configuration(error) }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.minimumTLSVersion = .tlsv12
        if let caFile {
            let roots = try Self.certificates(key: "ca_file", path: caFile)
            tls.trustRoots = .certificates(roots)
        }
        if let clientCertificate, let clientKey {
            tls.certificateChain = try Self.certificates(key: "client_certificate", path: clientCertificate)
                .map { .certificate($0) }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: clientKey, format: .pem))
            } catch {
                throw .pemFile(key: "client_key", path: clientKey, reason: Self.reason(error))
            }
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: Self.amount(connectTimeout), read: Self.amount(requestTimeout)))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        do {
            if let proxy = try ProxyEnvironment.proxy(
                host: endpoint.host, port: endpoint.port, tls: endpoint.isTLS, environment: environment) {
                let authorization = proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
                configuration.proxy = .server(host: proxy.host, port: proxy.port, authorization: authorization)
            }
        } catch {
            throw .proxy(error)
        }
        return configuration
    }

    private static func certificates(key: String, path: String) throws(ForwardingSetupError) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw .pemFile(key: key, path: path, reason: reason(error))
        }
        guard !certificates.isEmpty else { throw .pemFile(key: key, path: path, reason: "no PEM certificate in the file") }
        return certificates
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? NIOSSLError, case .failedToLoadCertificate = error { return "not a PEM certificate" }
        if let error = error as? NIOSSLError, case .failedToLoadPrivateKey = error { return "not a PEM private key" }
        if let error = error as? IOError { return error.description }
        return String(describing: error)
    }

    static func amount(_ seconds: TimeInterval) -> TimeAmount {
        .nanoseconds(Int64(min(seconds, 86_400) * 1e9))
    }
}
