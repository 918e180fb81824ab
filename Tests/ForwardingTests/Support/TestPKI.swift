import Foundation
import NIOSSL

/// A throw-away CA with a server certificate (127.0.0.1, localhost) and a client certificate, made
/// with the `openssl` CLI into a temporary directory once per test run.
struct TestPKI: Sendable {
    let directory: URL
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    var serverCertificate: String { directory.appendingPathComponent("server.pem").path }
    var serverKey: String { directory.appendingPathComponent("server.key").path }
    var clientCertificate: String { directory.appendingPathComponent("client.pem").path }
    var clientKey: String { directory.appendingPathComponent("client.key").path }

    static let shared: Result<TestPKI, any Error> = Result { try TestPKI.generate() }

    static func generate() throws -> TestPKI {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carehub-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pki = TestPKI(directory: directory)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                     "-subj", "/CN=CareHub Test CA",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
                    in: directory)
        for (name, usage, san) in [("server", "serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
                                   ("client", "clientAuth", "subjectAltName=DNS:hub-test")] {
            try "basicConstraints=CA:FALSE\nextendedKeyUsage=\(usage)\n\(san)\n"
                .write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
            try openssl(["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"], in: directory)
            try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                         "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"], in: directory)
        }
        return pki
    }

    private static func openssl(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PKIError(message: "openssl \(arguments.first ?? ""): \(String(decoding: message, as: UTF8.self))")
        }
    }

    /// The test store's TLS: this server certificate; with `requireClientCertificate`, mutual TLS
    /// against the test CA.
    func serverTLS(requireClientCertificate: Bool = false) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(serverCertificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: serverKey, format: .pem)))
        if requireClientCertificate {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        return tls
    }
}

struct PKIError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
