import Foundation
import Logging
import ServiceLifecycle
@testable import Display

/// A `DisplayServer` on a free loopback port, run the way the daemon runs it: as a service of a
/// `ServiceGroup`, stopped by graceful shutdown.
struct RunningServer: Sendable {
    let server: DisplayServer
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let port: Int

    static func start(hub: DisplayHub, heartbeat: Duration = .seconds(15)) async throws -> RunningServer {
        var logger = Logger(label: "display-test")
        logger.logLevel = .warning
        let server = DisplayServer(hub: hub, configuration: .init(port: 0, heartbeatInterval: heartbeat), logger: logger)
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let task = Task { try await group.run() }
        let port = try await withTimeout(30, "the display server to listen") { try await server.waitUntilListening() }
        return RunningServer(server: server, group: group, task: task, port: port)
    }

    /// Shuts the server down gracefully and waits until it has stopped.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await withTimeout(30, "the display server to stop") { try await task.value }
    }
}
