import BrowserSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing
@testable import Display

/// The real server on loopback, spoken to over a plain TCP socket.
@Suite("DisplayServer over HTTP")
struct DisplayServerHTTPTests {
    @Test func pageStateHealthAndFragments() async throws {
        let hub = await Fixtures.hub()
        await hub.publish(Fixtures.yellowWeight)
        let running = try await RunningServer.start(hub: hub)

        let page = try await HTTPReply.get(port: running.port, path: "/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["cache-control"] == "no-store")
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(page.headers["referrer-policy"] == "no-referrer")
        let csp = try #require(page.headers["content-security-policy"])
        #expect(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"))
        let nonce = try #require(csp.components(separatedBy: "'nonce-").dropFirst().first?.prefix { $0 != "'" })
        #expect(nonce.count >= 22)
        #expect(page.body.contains("<script nonce=\"\(nonce)\">"))
        #expect(page.body.contains("<html lang=\"sv\""))
        #expect(page.body.contains("data-reading-id=\"w-2026-11-23\""))

        let second = try await HTTPReply.get(port: running.port, path: "/")
        #expect(second.headers["content-security-policy"] != csp, "a fresh nonce per page")

        let json = try await HTTPReply.get(port: running.port, path: "/state.json")
        #expect(json.status == 200)
        #expect(json.headers["content-type"] == "application/json")
        #expect(json.headers["cache-control"] == "no-store")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let state = try decoder.decode(DisplayState.self, from: Data(json.body.utf8))
        #expect(state == (await hub.state))

        let health = try await HTTPReply.get(port: running.port, path: "/healthz")
        #expect(health.status == 200 && health.body == "ok\n")

        let latest = try await HTTPReply.get(port: running.port, path: "/fragment/latest")
        #expect(latest.status == 200 && latest.body.hasPrefix("<section id=\"latest\" class=\"latest tone-yellow\""))
        let missing = try await HTTPReply.get(port: running.port, path: "/fragment/secrets")
        #expect(missing.status == 404)

        try await running.stop()
    }

    @Test func aForeignHostNameIsRefused() async throws {
        let hub = await Fixtures.hub()
        let running = try await RunningServer.start(hub: hub)
        let reply = try await HTTPReply.get(port: running.port, path: "/state.json", host: "rebound.example")
        #expect(reply.status == 403)
        #expect(!reply.body.contains("Hjärtsviktsmottagningen"))
        try await running.stop()
    }

    @Test func eventStreamDeliversAPublishedReadingAndHeartbeatsAndCleansUp() async throws {
        let hub = await Fixtures.hub()
        let running = try await RunningServer.start(hub: hub, heartbeat: .milliseconds(200))
        let connection = try RawHTTPConnection(port: running.port)
        try connection.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(running.port)\r\nAccept: text/event-stream\r\n\r\n")
        let head = try await onThread { try connection.readUntil("retry: 3000") }
        let reply = try HTTPReply.parse(head)
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "text/event-stream; charset=utf-8")
        #expect(reply.headers["cache-control"] == "no-store")
        #expect(await hub.subscriberCount == 1, "subscribed before the headers went out")

        await hub.publish(Fixtures.yellowWeight)
        let afterPublish = try await onThread { try connection.readUntil("event: reading\ndata: {\"id\":\"w-2026-11-23\",\"tone\":\"yellow\"}\n\n") }
        #expect(afterPublish.contains("event: reading"))
        let withHeartbeat = try await onThread { try connection.readUntil(": heartbeat\n\n") }
        #expect(withHeartbeat.contains(": heartbeat"))

        connection.close()
        // the next heartbeat write fails and ends the subscription
        try await eventually(30, "the closed client's subscription to end") { await hub.subscriberCount == 0 }
        try await running.stop()
    }

    @Test func cancellingRunAlsoStopsTheServerAndEndsOpenStreams() async throws {
        let hub = await Fixtures.hub()
        var logger = Logger(label: "display-test")
        logger.logLevel = .critical   // Hummingbird logs the cancelled connection at error level
        let server = DisplayServer(hub: hub, configuration: .init(port: 0), logger: logger)
        let task = Task { try await server.run() }
        let port = try await withTimeout(30, "the server to listen") { try await server.waitUntilListening() }
        let connection = try RawHTTPConnection(port: port)
        try connection.send("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        _ = try await onThread { try connection.readUntil("retry:") }
        task.cancel()
        try await withTimeout(30, "run() to return") { try await task.value }
        #expect(await hub.subscriberCount == 0)
    }

    @Test func aServerThatCannotBindSaysSoToEveryoneWaiting() async throws {
        let hub = DisplayHub(trends: Fixtures.trends)
        // 203.0.113.1 (TEST-NET-3) is never a local address, so bind fails
        let server = DisplayServer(hub: hub, configuration: .init(host: "203.0.113.1", port: 0), logger: .init(label: "display-test"))
        let failed = try await withTimeout(30, "run() to fail") {
            do { try await server.run(); return false } catch { return true }
        }
        #expect(failed)
        await #expect(throws: DisplayServerError.stoppedBeforeListening) { try await server.waitUntilListening() }
    }
}

@Suite("DisplayServer as a Service")
struct DisplayServerServiceTests {
    @Test func gracefulShutdownEndsOpenEventStreamsAndStopsTheServer() async throws {
        let hub = await Fixtures.hub()
        var logger = Logger(label: "display-test")
        logger.logLevel = .warning
        let server = DisplayServer(hub: hub, configuration: .init(port: 0), logger: logger)
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let running = Task { try await group.run() }
        let port = try await withTimeout(30, "the server to listen") { try await server.waitUntilListening() }

        let connection = try RawHTTPConnection(port: port)
        try connection.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        _ = try await onThread { try connection.readUntil("retry:") }
        #expect(await hub.subscriberCount == 1)

        await group.triggerGracefulShutdown()
        try await withTimeout(30, "the service group to finish") { try await running.value }
        let rest = try await onThread { try connection.readToEnd() }   // the stream was ended, not cut
        #expect(rest.hasSuffix("0\r\n\r\n"), "chunked stream terminated properly")
        #expect(await hub.subscriberCount == 0)
    }
}
