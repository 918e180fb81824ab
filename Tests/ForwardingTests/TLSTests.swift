import Forwarding
import Foundation
import GatewayStore
import TestSupport
import Testing

@Suite("Forwarding over TLS (a real TLS server on loopback, certificates made with openssl)")
struct TLSTests {
    @Test("a server certificate that does not verify: refused, logged as an error, nothing sent")
    func untrustedServer() async throws {
        let pki = try TestPKI.shared.get()
        let fixture = try ForwardingFixture()
        let ids = try fixture.commit(2)
        let server = FHIRTestServer(tls: try pki.serverTLS())
        let port = try await server.start()
        // No ca_file: the system's CAs, which do not know the test CA.
        let forwarder = try fixture.forwarder(url: "https://127.0.0.1:\(port)/fhir")
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(forwarder.events)
        defer { collecting.cancel() }
        try await whileRunning(forwarder) {
            try await events.wait("two refused attempts") { $0.retryReasons.count >= 2 }
        }
        await server.stop()
        #expect(await server.state.requests.isEmpty)
        #expect(try fixture.store.outboxCounts(now: .distantFuture).sent == 0)
        let reason = try #require(await events.all.retryReasons.first)
        #expect(reason.hasPrefix("TLS: the store's certificate did not verify"), "\(reason)")
        #expect(fixture.logs.lines.contains { $0.level == .error && $0.text.contains("did not verify") })
        if case .pending(let attempts, let error, _) = try fixture.store.deliveryState(of: ids[0]) {
            #expect(attempts >= 1 && error == reason)
        } else {
            Issue.record("not pending")
        }
    }

    @Test("the same server verifies through ca_file and gets the readings")
    func trustedThroughCAFile() async throws {
        let pki = try TestPKI.shared.get()
        let fixture = try ForwardingFixture()
        let ids = try fixture.commit(3)
        let server = FHIRTestServer(tls: try pki.serverTLS())
        let port = try await server.start()
        let forwarder = try fixture.forwarder(url: "https://127.0.0.1:\(port)/fhir", caFile: pki.caFile)
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(forwarder.events)
        defer { collecting.cancel() }
        try await whileRunning(forwarder) {
            try await events.wait("every reading sent") { $0.sentIDs == Set(ids) }
        }
        await server.stop()
        #expect(await server.state.creates.count == 3)
        #expect(await events.all.retryReasons.isEmpty)
    }

    @Test("mutual TLS: refused without the client certificate, delivered with it")
    func clientCertificate() async throws {
        let pki = try TestPKI.shared.get()
        let fixture = try ForwardingFixture()
        let ids = try fixture.commit(2)
        let server = FHIRTestServer(tls: try pki.serverTLS(requireClientCertificate: true))
        let port = try await server.start()
        let url = "https://127.0.0.1:\(port)/fhir"
        let without = try fixture.forwarder(url: url, caFile: pki.caFile)
        let refused = ConditionRecorder<ForwarderEvent>()
        let collectingRefused = refused.collect(without.events)
        defer { collectingRefused.cancel() }
        try await whileRunning(without) {
            try await refused.wait("a refused handshake") { !$0.retryReasons.isEmpty }
        }
        #expect(await server.state.requests.isEmpty)

        let with = try fixture.forwarder(url: url, caFile: pki.caFile, clientCertificate: pki.clientCertificate,
                                         clientKey: pki.clientKey)
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(with.events)
        defer { collecting.cancel() }
        try await whileRunning(with) {
            try await events.wait("every reading sent") { $0.sentIDs == Set(ids) }
        }
        await server.stop()
        #expect(await server.state.creates.count == 2)
    }

    @Test("a ca_file that is not PEM is refused at start-up, naming the key and the file")
    func badCAFile() throws {
        let fixture = try ForwardingFixture()
        let path = fixture.directory.appendingPathComponent("ca.pem").path
        try "not a certificate".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try fixture.forwarder(url: "https://127.0.0.1:1/fhir", caFile: path)
            Issue.record("accepted a bad ca_file")
        } catch {
            #expect("\(error)".hasPrefix("forwarding ca_file \(path):"), "\(error)")
        }
    }
}
