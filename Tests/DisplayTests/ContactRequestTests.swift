import BrowserSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing
@testable import Display

/// The page's "please call me": rendered with its confirmation step, and its POST endpoint takes
/// requests from the page itself only.
@Suite("Contact request button and endpoint")
struct ContactRequestTests {
    actor Presses {
        private(set) var count = 0
        func press() -> Bool { count += 1; return true }
    }

    static func post(port: Int, headers: [String]) async throws -> HTTPReply {
        try await onThread {
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            let extra = headers.map { "\($0)\r\n" }.joined()
            try connection.send("POST /contact-request HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(extra)Content-Length: 0\r\nConnection: close\r\n\r\n")
            return try HTTPReply.parse(connection.readToEnd())
        }
    }

    @Test("POST /contact-request: the page's own origin is accepted; another origin, a cross-site fetch or no Origin is refused")
    func sameOriginOnly() async throws {
        let hub = await Fixtures.hub()
        let presses = Presses()
        var logger = Logger(label: "display-test")
        logger.logLevel = .warning
        let server = DisplayServer(hub: hub, configuration: .init(port: 0), actions: DisplayActions { await presses.press() }, logger: logger)
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let task = Task { try await group.run() }
        let port = try await withTimeout(30, "the display server to listen") { try await server.waitUntilListening() }

        let foreign = try await Self.post(port: port, headers: ["Origin: http://evil.example", "Sec-Fetch-Site: cross-site"])
        #expect(foreign.status == 403)
        let otherPort = try await Self.post(port: port, headers: ["Origin: http://127.0.0.1:\(port + 1)"])
        #expect(otherPort.status == 403, "another local port is another origin")
        let crossSite = try await Self.post(port: port, headers: ["Origin: http://127.0.0.1:\(port)", "Sec-Fetch-Site: same-site"])
        #expect(crossSite.status == 403)
        let noOrigin = try await Self.post(port: port, headers: [])
        #expect(noOrigin.status == 403)
        #expect(await presses.count == 0, "no refused request reached the action")

        let own = try await Self.post(port: port, headers: ["Origin: http://127.0.0.1:\(port)", "Sec-Fetch-Site: same-origin"])
        #expect(own.status == 202)
        #expect(await presses.count == 1)

        await group.triggerGracefulShutdown()
        try await withTimeout(30, "the display server to stop") { try await task.value }
    }

    @Test("without actions (no clinic) the endpoint answers 503, and the page says plainly it cannot be sent")
    func unavailable() async throws {
        let hub = await Fixtures.hub()
        let running = try await RunningServer.start(hub: hub)
        let reply = try await Self.post(port: running.port, headers: ["Origin: http://127.0.0.1:\(running.port)"])
        #expect(reply.status == 503)
        let page = try await HTTPReply.get(port: running.port, path: "/")
        #expect(page.body.contains("data-action=\"contact-open\""))
        #expect(page.body.contains("kan inte skickas"))
        #expect(!page.body.contains("data-action=\"contact-send\""), "nothing to confirm when it cannot be sent")
        try await running.stop()
    }

    @Test("the fragment follows the request: button and confirmation, then Skickas …, then the clinic has it (sv and en)")
    func fragmentStates() async throws {
        var state = DisplayState(trends: Fixtures.trends, contact: .ready)
        var html = try #require(PageRenderer.fragment("contact", state))
        #expect(html.contains("Ring mig"))
        #expect(html.contains("data-action=\"contact-send\"") && html.contains("Ja, ring mig") && html.contains("Avbryt"))
        state.contact = .sending
        html = try #require(PageRenderer.fragment("contact", state))
        #expect(html.contains("Skickas …") && html.contains("data-contact=\"sending\""))
        #expect(!html.contains("Mottagningen har fått din begäran"))
        state.contact = .received
        html = try #require(PageRenderer.fragment("contact", state))
        #expect(html.contains("Mottagningen har fått din begäran"))
        state.language = .en
        html = try #require(PageRenderer.fragment("contact", state))
        #expect(html.contains("Please call me") && html.contains("The clinic has received your request."))
    }

    @Test("setContact sends a contact event on the live stream")
    func liveEvent() async throws {
        let hub = await Fixtures.hub()
        let events = await hub.subscribe()
        await hub.setContact(.sending)
        var iterator = events.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first == .contact(.sending))
        #expect(ServerSentEvents.frame(.contact(.received)).hasPrefix("event: contact\n"))
    }
}
