import Testing
@testable import Display

@Suite("Server-sent event frames")
struct ServerSentEventsTests {
    @Test func readingFrame() {
        let frame = ServerSentEvents.frame(.reading(Fixtures.yellowWeight))
        #expect(frame == "event: reading\ndata: {\"id\":\"w-2026-11-23\",\"tone\":\"yellow\"}\n\n")
    }

    @Test func otherFrames() {
        #expect(ServerSentEvents.frame(.heartbeat) == ": heartbeat\n\n")
        #expect(ServerSentEvents.frame(.messages([Fixtures.message])) == "event: messages\ndata: {\"count\":1}\n\n")
        #expect(ServerSentEvents.frame(.status(.offline)) == "event: status\ndata: {\"status\":\"offline\"}\n\n")
        #expect(ServerSentEvents.frame(.trends(Fixtures.trends)) == "event: trends\ndata: {}\n\n")
        #expect(ServerSentEvents.frame(.refresh) == "event: refresh\ndata: {}\n\n")
        #expect(ServerSentEvents.preamble(retryMilliseconds: 3000) == "retry: 3000\n\n")
    }

    @Test func anIdWithANewlineCannotForgeAnEvent() {
        var reading = Fixtures.yellowWeight
        reading.id = "a\n\nevent: messages\ndata: x"
        let frame = ServerSentEvents.frame(.reading(reading))
        #expect(frame.components(separatedBy: "\n\n").count == 2, "exactly one event: \(frame)")
    }

    @Test(arguments: [("127.0.0.1:8080", "127.0.0.1"), ("LOCALHOST", "localhost"), ("[::1]:80", "::1"), ("evil.example:80", "evil.example"), ("", "")])
    func hostNames(authority: String, host: String) {
        #expect(DisplayServerConfiguration.hostName(authority) == host)
    }

    @Test func onlyLoopbackNamesAreAllowedByDefault() {
        let configuration = DisplayServerConfiguration(port: 0)
        #expect(configuration.allows(authority: "127.0.0.1:1234"))
        #expect(configuration.allows(authority: "localhost"))
        #expect(!configuration.allows(authority: "attacker.example:1234"))
        #expect(!configuration.allows(authority: ""))
    }
}
