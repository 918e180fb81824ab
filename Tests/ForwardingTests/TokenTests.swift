@testable import Forwarding
import Foundation
import GatewayStore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Bearer token file")
struct TokenTests {
    static func write(_ text: String, mode: mode_t, in fixture: ForwardingFixture, name: String = "token") throws -> String {
        let path = fixture.directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        guard chmod(path, mode) == 0 else { throw PKIError(message: "chmod failed") }
        return path
    }

    @Test("a group- or world-readable token file is refused, naming the file and its mode", arguments: [
        (mode_t(0o644), "0644"), (mode_t(0o640), "0640"), (mode_t(0o604), "0604"), (mode_t(0o620), "0620"),
    ])
    func tooOpen(mode: mode_t, text: String) throws {
        let fixture = try ForwardingFixture()
        let path = try Self.write("secret-token\n", mode: mode, in: fixture)
        do {
            _ = try fixture.forwarder(url: "http://127.0.0.1:1/fhir", tokenFile: path)
            Issue.record("accepted mode \(text)")
        } catch {
            #expect("\(error)" == "token_file \(path) has mode \(text): group and others must have no access (chmod 600)")
        }
    }

    @Test("a token file owned by another user is refused")
    func wrongOwner() throws {
        let fixture = try ForwardingFixture()
        let path = try Self.write("secret-token", mode: 0o600, in: fixture)
        // As root the file can really be given away; otherwise the check runs with another expected owner.
        if geteuid() == 0 {
            #expect(chown(path, 65_534, 65_534) == 0)
            #expect(throws: ForwardingSetupError.self) {
                _ = try fixture.forwarder(url: "http://127.0.0.1:1/fhir", tokenFile: path)
            }
        }
        let other = geteuid() == 0 ? geteuid() : geteuid() + 1
        do {
            _ = try TokenFile.read(path: path, owner: other)
            Issue.record("accepted a token file of another owner")
        } catch {
            #expect(error.description.contains("token_file \(path) is owned by uid"))
        }
    }

    @Test("missing or empty token files are refused clearly")
    func missingAndEmpty() throws {
        let fixture = try ForwardingFixture()
        let missing = fixture.directory.appendingPathComponent("nope").path
        #expect(throws: TokenFileError.unreadable(path: missing, reason: "No such file or directory")) {
            try TokenFile.read(path: missing, owner: geteuid())
        }
        let empty = try Self.write(" \n", mode: 0o600, in: fixture)
        #expect(throws: TokenFileError.empty(path: empty)) { try TokenFile.read(path: empty, owner: geteuid()) }
        let spaced = try Self.write("two words", mode: 0o400, in: fixture, name: "spaced")
        #expect(throws: TokenFileError.invalidCharacters(path: spaced)) { try TokenFile.read(path: spaced, owner: geteuid()) }
    }

    @Test("the token is sent as a bearer token, and a rotated file is read again")
    func bearerAndRotation() async throws {
        let fixture = try ForwardingFixture()
        let path = try Self.write("first-token\n", mode: 0o600, in: fixture)
        let server = FHIRTestServer()
        let port = try await server.start()
        let wakeup = ForwarderWakeup()
        let forwarder = try fixture.forwarder(url: "http://127.0.0.1:\(port)/fhir", tokenFile: path, wakeup: wakeup)
        let events = ConditionRecorder<ForwarderEvent>()
        let collecting = events.collect(forwarder.events)
        defer { collecting.cancel() }
        try await whileRunning(forwarder) {
            let first = try fixture.commit(1)
            wakeup.signal()
            try await events.wait("the first reading sent") { $0.sentIDs.isSuperset(of: first) }
            // Rotated in place (new size and time stamp), as a credential helper would.
            _ = try Self.write("second-token-after-rotation", mode: 0o600, in: fixture)
            let second = try fixture.commit(1, first: 1)
            wakeup.signal()
            try await events.wait("the second reading sent") { $0.sentIDs.isSuperset(of: second) }
        }
        await server.stop()
        #expect(await server.state.requests.map(\.authorization) == ["Bearer first-token", "Bearer second-token-after-rotation"])
    }
}
