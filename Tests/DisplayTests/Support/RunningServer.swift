import Foundation
import Logging
@testable import Display

/// A `DisplayServer` running on a free loopback port for the length of a test.
struct RunningServer: Sendable {
    let server: DisplayServer
    let task: Task<Void, any Error>
    let port: Int

    static func start(hub: DisplayHub, heartbeat: Duration = .seconds(15)) async throws -> RunningServer {
        var logger = Logger(label: "display-test")
        logger.logLevel = .warning
        let server = DisplayServer(hub: hub, configuration: .init(port: 0, heartbeatInterval: heartbeat), logger: logger)
        let task = Task { try await server.run() }
        let port = try await withTimeout(30, "the display server to listen") { try await server.waitUntilListening() }
        return RunningServer(server: server, task: task, port: port)
    }

    /// Stops the server and waits until `run()` has returned.
    func stop() async throws {
        task.cancel()
        try await withTimeout(30, "the display server to stop") { try await task.value }
    }
}
